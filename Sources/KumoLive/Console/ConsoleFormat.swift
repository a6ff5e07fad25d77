import Foundation
import KumoLua

/// Console results as a person reads them: scalars as Lua writes them, a list of records as an
/// aligned table with a header, a map of records as a table keyed by its first column (`symbol`:
/// the console's maps, such as `positions()`, are keyed by symbol), other tables as Lua literals.
enum ConsoleFormat {
    static func render(_ values: [LuaValue]) -> String {
        values.map(render).joined(separator: "\t")
    }

    static func render(_ value: LuaValue) -> String {
        switch value {
        case .nil: return "nil"
        case .string(let text): return text
        case .number(let number): return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .table(let table): return grid(table) ?? record(table) ?? table.description
        default: return value.description
        }
    }

    /// Rows of records with their columns aligned, or nil when the table is not records.
    static func grid(_ table: LuaTable) -> String? {
        var rows: [(key: String?, record: LuaTable)] = []
        if !table.array.isEmpty, table.fields.isEmpty {
            for item in table.array {
                guard case .table(let record) = item, record.array.isEmpty, !record.fields.isEmpty else { return nil }
                rows.append((nil, record))
            }
        } else if table.array.isEmpty, !table.fields.isEmpty {
            for field in table.fields {
                guard case .table(let record) = field.value, record.array.isEmpty, !record.fields.isEmpty, let key = field.key.stringValue else { return nil }
                rows.append((key, record))
            }
        } else {
            return table.isEmpty ? "(none)" : nil
        }
        var columns: [String] = []
        for row in rows { for field in row.record.fields { if let name = field.key.stringValue, !columns.contains(name) { columns.append(name) } } }
        let keyed = rows.first?.key != nil
        let header = (keyed ? ["symbol"] : []) + columns
        let body = rows.map { row in (keyed ? [row.key!] : []) + columns.map { name in row.record[name].map(cell) ?? "" } }
        let widths = header.indices.map { column in ([header[column]] + body.map { $0[column] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        return ([line(header), line(widths.map { String(repeating: "-", count: $0) })] + body.map(line)).joined(separator: "\n")
    }

    /// A flat record (string keys, scalar values) as aligned `key  value` lines.
    static func record(_ table: LuaTable) -> String? {
        guard table.array.isEmpty, !table.fields.isEmpty else { return nil }
        var rows: [(String, String)] = []
        for field in table.fields {
            guard let key = field.key.stringValue else { return nil }
            if case .table = field.value { return nil }
            rows.append((key, cell(field.value)))
        }
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }.joined(separator: "\n")
    }

    static func cell(_ value: LuaValue) -> String {
        switch value {
        case .number(let number): return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(format: "%.4f", number)
        case .string(let text): return text
        default: return value.description
        }
    }
}
