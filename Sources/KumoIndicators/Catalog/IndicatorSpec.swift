/// An indicator named as a trader writes it: `sma:20`, `rsi:14`, `macd:12,26,9`,
/// `ichimoku:9,26,52`, `bbands:20,2`. Parsing checks the name and each parameter.
public struct IndicatorSpec: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let parameters: [Double]

    /// Why a spec could not be parsed, naming the part that was wrong.
    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    public init(name: String, parameters: [Double]) throws(ParseError) {
        guard let entry = IndicatorCatalog.entries[name] else {
            throw ParseError(description: "unknown indicator '\(name)'; known: \(IndicatorCatalog.names.joined(separator: ", "))")
        }
        guard parameters.count <= entry.defaults.count else {
            throw ParseError(description: "\(name) takes at most \(entry.defaults.count) parameters (\(entry.usage)), not \(parameters.count)")
        }
        let full = parameters + entry.defaults.dropFirst(parameters.count)
        for (position, value) in full.enumerated() where entry.integerParameters.contains(position) {
            guard value == value.rounded(), value >= 1, value <= 100_000 else {
                throw ParseError(description: "\(name) parameter \(position + 1) must be a whole number from 1 to 100000, not \(value)")
            }
        }
        guard full.allSatisfy({ $0.isFinite && $0 > 0 }) else {
            throw ParseError(description: "\(name) parameters must be positive numbers (\(entry.usage))")
        }
        self.name = name
        self.parameters = full
    }

    /// Parses `name` or `name:p1,p2,…`.
    public init(parsing text: String) throws(ParseError) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = parts[0].lowercased().trimmingCharacters(in: .whitespaces)
        var parameters: [Double] = []
        if parts.count == 2 {
            for piece in parts[1].split(separator: ",", omittingEmptySubsequences: false) {
                guard let value = Double(piece.trimmingCharacters(in: .whitespaces)) else {
                    throw ParseError(description: "'\(text)': parameter '\(piece)' is not a number")
                }
                parameters.append(value)
            }
        }
        try self.init(name: name, parameters: parameters)
    }

    /// The parameter at `position` as an integer (validated whole at parse time).
    func integer(_ position: Int) -> Int { Int(parameters[position]) }

    public var description: String {
        name + ":" + parameters.map { $0 == $0.rounded() ? String(Int($0)) : String($0) }.joined(separator: ",")
    }

    /// The output columns this spec produces, named as `../shared/reference` names them.
    public var columns: [String] { IndicatorCatalog.entries[name]!.columns(self) }
}

private extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}

private extension Set where Element == Character {
    static let whitespaces: Set<Character> = [" ", "\t"]
}

private extension Substring {
    func trimmingCharacters(in set: Set<Character>) -> String { String(self).trimmingCharacters(in: set) }
}
