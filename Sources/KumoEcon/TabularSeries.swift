public import Foundation
public import KumoCore

/// A series read from a generic source: a CSV file with a header, or a JSON document whose rows
/// lie at a dotted path; one column (field) holds the period, another the value. Errors name the
/// line or row and the column.
public enum TabularSeries {
    /// One period's value; nil where the source gives no number (blank, `-`, `.`, `NA`).
    public typealias Point = (period: EconPeriod, value: Double?)

    /// Reads CSV (RFC 4180: quoted cells, doubled quotes, CRLF) with a header naming `dateColumn` and `valueColumn`.
    public static func csv(_ data: Data, dateColumn: String, valueColumn: String, frequency: EconFrequency, source: String) throws(EconWireError) -> [Point] {
        let text = String(decoding: data, as: UTF8.self)
        let lines = CSVLines(text)
        guard let header = lines.first else { throw EconWireError(source: source, "the CSV is empty") }
        let names = header.cells.map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\u{FEFF}", with: "") }
        guard let dateIndex = names.firstIndex(of: dateColumn) else { throw EconWireError(source: source, "line 1: no column '\(dateColumn)' (columns: \(names.joined(separator: ", ")))") }
        guard let valueIndex = names.firstIndex(of: valueColumn) else { throw EconWireError(source: source, "line 1: no column '\(valueColumn)' (columns: \(names.joined(separator: ", ")))") }
        var points: [Point] = []
        for line in lines.dropFirst() where !(line.cells.count == 1 && line.cells[0].trimmingCharacters(in: .whitespaces).isEmpty) {
            guard line.cells.count > max(dateIndex, valueIndex) else {
                throw EconWireError(source: source, "line \(line.number): \(line.cells.count) cells, but '\(valueColumn)' is column \(valueIndex + 1)")
            }
            let where_ = "line \(line.number)"
            points.append((try period(line.cells[dateIndex], frequency, source, where_, dateColumn), try value(line.cells[valueIndex], source, where_, valueColumn)))
        }
        return points
    }

    /// Reads JSON whose rows (objects) are the array at `rowsPath` (`a.b.c`; empty: the document itself).
    public static func json(_ data: Data, rowsPath: String, dateField: String, valueField: String, frequency: EconFrequency, source: String) throws(EconWireError) -> [Point] {
        guard var node = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw EconWireError(source: source, "the reply is not JSON: \(String(decoding: data.prefix(120), as: UTF8.self))")
        }
        for key in rowsPath.split(separator: ".") {
            guard let object = node as? [String: Any], let inner = object[String(key)] else { throw EconWireError(source: source, "no '\(key)' on the path '\(rowsPath)'") }
            node = inner
        }
        guard let rows = node as? [Any] else { throw EconWireError(source: source, "'\(rowsPath)' is not an array of rows") }
        var points: [Point] = []
        for (index, element) in rows.enumerated() {
            let where_ = "row \(index + 1)"
            guard let row = element as? [String: Any] else { throw EconWireError(source: source, "\(where_) is not an object") }
            guard let date = row[dateField] else { throw EconWireError(source: source, "\(where_): no field '\(dateField)'") }
            let raw = row[valueField]
            let cell: String
            if let number = raw as? NSNumber, !(raw is Bool) { cell = number.stringValue } else if let text = raw as? String { cell = text } else if raw == nil || raw is NSNull { cell = "" } else {
                throw EconWireError(source: source, "\(where_): '\(valueField)' is neither a number nor text")
            }
            points.append((try period("\(date)", frequency, source, where_, dateField), try value(cell, source, where_, valueField)))
        }
        return points
    }

    /// The period a date cell names: `2023-08-08`, `2023/8/8`, `20230808`, `2023-08`, `202308`, `2023Q3`, `2023-Q3`, `2023`,
    /// or an ISO date-time (its date).
    static func period(_ cell: String, _ frequency: EconFrequency, _ source: String, _ where_: String, _ column: String) throws(EconWireError) -> EconPeriod {
        let text = cell.trimmingCharacters(in: .whitespaces)
        let datePart = text.split(separator: "T").first.map(String.init) ?? text
        let upper = datePart.uppercased()
        var found: EconPeriod?
        if let q = upper.firstIndex(of: "Q") {
            let year = Int(upper[..<q].filter(\.isNumber)), quarter = Int(upper[upper.index(after: q)...].filter(\.isNumber))
            if let year, let quarter, (1...4).contains(quarter), let start = CivilDate(year: year, month: quarter * 3 - 2, day: 1) {
                found = EconPeriod(containing: start, frequency: frequency)
            }
        } else {
            let parts = datePart.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            var ymd: (Int, Int, Int)?
            if parts.count == 1 {
                let digits = datePart.filter(\.isNumber)
                switch digits.count {
                case 8: ymd = (parts[0] / 10000, parts[0] / 100 % 100, parts[0] % 100)
                case 6: ymd = (parts[0] / 100, parts[0] % 100, 1)
                case 4: ymd = (parts[0], 1, 1)
                default: break
                }
            } else if parts.count == 2 {
                ymd = (parts[0], parts[1], 1)
            } else if parts.count >= 3 {
                ymd = (parts[0], parts[1], parts[2])
            }
            if let (y, m, d) = ymd, let date = CivilDate(year: y, month: m, day: d) {
                // A date coarser than the series' frequency would stand for the wrong period.
                let precise = parts.count >= 3 || datePart.filter(\.isNumber).count == 8
                let monthPrecise = precise || parts.count == 2 || datePart.filter(\.isNumber).count == 6
                if frequency == .daily ? precise : (frequency == .annual || monthPrecise) { found = EconPeriod(containing: date, frequency: frequency) }
            }
        }
        guard let found else { throw EconWireError(source: source, "\(where_): '\(column)' = '\(cell)' is not a \(frequency) period") }
        return found
    }

    static func value(_ cell: String, _ source: String, _ where_: String, _ column: String) throws(EconWireError) -> Double? {
        let text = cell.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
        if text.isEmpty || ["-", ".", "NA", "N/A", "null"].contains(text) { return nil }
        guard let number = Double(text), number.isFinite else { throw EconWireError(source: source, "\(where_): '\(column)' = '\(cell)' is not a number") }
        return number
    }
}

/// The records of a CSV text, each with its cells and the line it starts on.
struct CSVLines: Sequence {
    struct Line {
        var number: Int
        var cells: [String]
    }

    let lines: [Line]

    init(_ text: String) {
        var lines: [Line] = []
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var lineNumber = 1
        var start = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = iterator.next()
        while let c = pending {
            pending = iterator.next()
            if quoted {
                if c == "\"" {
                    if pending == "\"" { cell.unicodeScalars.append("\""); pending = iterator.next() } else { quoted = false }
                } else {
                    if c == "\n" { lineNumber += 1 }
                    cell.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"": quoted = true
            case ",": cells.append(cell); cell = ""
            case "\r": continue
            case "\n":
                cells.append(cell)
                lines.append(Line(number: start, cells: cells))
                cells = []
                cell = ""
                lineNumber += 1
                start = lineNumber
            default: cell.unicodeScalars.append(c)
            }
        }
        if !cell.isEmpty || !cells.isEmpty { cells.append(cell); lines.append(Line(number: start, cells: cells)) }
        self.lines = lines
    }

    var first: Line? { lines.first }
    func makeIterator() -> IndexingIterator<[Line]> { lines.makeIterator() }
    func dropFirst() -> ArraySlice<Line> { lines.dropFirst() }
}
