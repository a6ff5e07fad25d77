import Foundation
import KumoCore
public import KumoLua

/// Reads and validates a strategy module's table against DESIGN.md's contract: raw reads only,
/// so a hostile metatable on the module cannot run code in the host.
public enum StrategyContract {
    /// Fields the contract knows besides the handlers.
    static let dataFields: Set<String> = ["params", "symbols", "timeframe", "name", "description", "version"]

    /// Validates the module value `module` returned by `file`; `source` locates fields by line.
    public static func validate(_ module: LuaValue, file: String, source: String, lineOf: (String) -> Int? = { _ in nil })
        throws(StrategyLoadError) -> StrategyDefinition
    {
        func fail(_ message: String, field: String? = nil) -> StrategyLoadError {
            let line = field.flatMap { lineOf($0) ?? fieldLine($0, in: source) }
            return StrategyLoadError(kind: .contract, file: file, line: line, message: message)
        }
        guard case .table(let table) = module else {
            throw fail("a strategy must return a table of handlers (it returned \(module.typeName)); end the file with 'return strategy'")
        }
        var warnings: [String] = []
        var handlers: Set<StrategyHandler> = []
        for field in table.fields {
            guard let key = field.key.stringValue else { continue }
            if let handler = StrategyHandler(rawValue: key) {
                guard field.value == .function else {
                    throw fail("'\(key)' must be a function (got \(field.value.typeName))", field: key)
                }
                handlers.insert(handler)
            } else if key.hasPrefix("on_") {
                let known = StrategyHandler.allCases.map(\.rawValue)
                let hint = closest(to: key, in: known).map { "; did you mean '\($0)'?" } ?? ""
                throw fail("unknown handler '\(key)'\(hint) (the contract knows \(known.joined(separator: ", ")))", field: key)
            } else if !dataFields.contains(key), field.value != .function {
                warnings.append("field '\(key)' is not part of the strategy contract")
            }
        }
        guard handlers.contains(where: StrategyHandler.eventHandlers.contains) else {
            throw fail("a strategy needs at least one of on_bar, on_tick or on_timer")
        }
        if handlers.contains(.snapshot) != handlers.contains(.restore) {
            let missing = handlers.contains(.snapshot) ? "restore" : "snapshot"
            throw fail("'snapshot' and 'restore' go together; '\(missing)' is missing",
                field: handlers.contains(.snapshot) ? "snapshot" : "restore")
        }
        let parameters = try validateParameters(table["params"], fail: fail)
        let symbols = try validateSymbols(table["symbols"], fail: fail)
        var timeframe: Timeframe?
        switch table["timeframe"] {
        case nil, .nil?:
            if handlers.contains(.onBar) { throw fail("'timeframe' is required with on_bar (one of \(Timeframe.examples))") }
        case .string(let text)?:
            guard let parsed = Timeframe(parsing: text) else {
                throw fail("'timeframe' is '\(text)', not a timeframe (one of \(Timeframe.examples))", field: "timeframe")
            }
            timeframe = parsed
        case let other?:
            throw fail("'timeframe' must be a string such as '1d' (got \(other.typeName))", field: "timeframe")
        }
        var name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        if let declared = table["name"] {
            guard case .string(let text) = declared, !text.isEmpty else {
                throw fail("'name' must be a non-empty string (got \(declared.typeName))", field: "name")
            }
            name = text
        }
        return StrategyDefinition(
            name: name, parameters: parameters, symbols: symbols, timeframe: timeframe, handlers: handlers,
            warnings: warnings)
    }

    private static func validateParameters(_ value: LuaValue?, fail: (String, String?) -> StrategyLoadError)
        throws(StrategyLoadError) -> LuaTable
    {
        guard let value, value != .nil else { return LuaTable() }
        guard case .table(let table) = value, table.array.isEmpty else {
            throw fail("'params' must be a table of named values such as { fast = 10 } (got \(value.typeName))", "params")
        }
        for field in table.fields {
            guard let key = field.key.stringValue else {
                throw fail("'params' keys must be names (got \(field.key.typeName) key \(field.key))", "params")
            }
            switch field.value {
            case .integer, .number, .string, .boolean: continue
            case .table(let list) where list.fields.isEmpty && list.array.allSatisfy(isPlainScalar):
                continue
            default:
                throw fail("params.\(key) must be a number, string, boolean or a list of them (got \(field.value.typeName))", key)
            }
        }
        return table
    }

    private static func validateSymbols(_ value: LuaValue?, fail: (String, String?) -> StrategyLoadError)
        throws(StrategyLoadError) -> [Symbol]
    {
        guard let value, value != .nil else { return [] }
        guard case .table(let table) = value, table.fields.isEmpty else {
            throw fail("'symbols' must be a list of symbol codes such as { '005930' } (got \(value.typeName))", "symbols")
        }
        var symbols: [Symbol] = []
        for (offset, item) in table.array.enumerated() {
            guard case .string(let code) = item else {
                throw fail("symbols[\(offset + 1)] must be a string such as '005930' (got \(item.typeName))", "symbols")
            }
            guard let symbol = Symbol(code) else {
                throw fail("symbols[\(offset + 1)] '\(code)' is not a valid symbol code", "symbols")
            }
            symbols.append(symbol)
        }
        return symbols
    }

    private static func isPlainScalar(_ value: LuaValue) -> Bool {
        switch value {
        case .integer, .number, .string, .boolean: true
        default: false
        }
    }

    /// The first line assigning `field` (`field =` or `field=`, also `S.field`), 1-based.
    static func fieldLine(_ field: String, in source: String) -> Int? {
        for (offset, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let range = line.range(of: field) else { continue }
            let before = range.lowerBound == line.startIndex ? " " : line[line.index(before: range.lowerBound)]
            let after = line[range.upperBound...].drop { $0 == " " }
            if (before == " " || before == "." || before == "{" || before == "\t" || before == ","),
                after.first == "=" || after.hasPrefix("(")
            {
                return offset + 1
            }
        }
        return nil
    }

    /// The candidate closest to `word` by edit distance, when it is close enough to be a typo.
    static func closest(to word: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(Array(word), Array($0))) }.min { $0.1 < $1.1 }
        guard let (best, distance) = scored, distance <= 3 else { return nil }
        return best
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
