public import Foundation
public import KumoCore

/// Reads bars from CSV or tab-separated text: `date,open,high,low,close,volume` and its variants,
/// Korean broker exports (`일자,시가,고가,저가,종가,거래량`), extra columns ignored. Every bad cell
/// is reported with file, line and field, and nothing is returned unless every row is good.
public struct BarCSVReader: Sendable {
    public var timeParser: BarTimeParser
    /// Header name → column, for files whose headers are none of the known names.
    public var headerOverrides: [String: BarColumn]
    /// Whether a bar with inconsistent prices (low above high, a non-positive low) is an error;
    /// the quality report turns it off to list every such bar instead of stopping at the first.
    public var rejectsInconsistentBars = true
    /// The longest line accepted, in bytes; a longer one is an error, not a memory bomb.
    public var maxLineBytes = 1 << 20

    public init(timeParser: BarTimeParser = BarTimeParser(), headerOverrides: [String: BarColumn] = [:]) {
        self.timeParser = timeParser
        self.headerOverrides = headerOverrides
    }

    /// Reads a file; the name in errors is the path as given.
    public func read(_ file: URL) throws(BarImportError) -> [Bar] {
        guard let data = try? Data(contentsOf: file) else {
            throw BarImportError(file: file.path, line: 0, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw BarImportError(file: file.path, line: 0, message: "the file is not UTF-8 text")
        }
        return try read(text: text, name: file.path)
    }

    /// Reads CSV text; `name` names it in errors.
    public func read(text: String, name: String) throws(BarImportError) -> [Bar] {
        // "\r\n" is one Character in Swift, so split on every kind of line end.
        var lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        while let last = lines.last, last.trimmed.isEmpty { lines.removeLast() }
        guard let header = lines.first else { throw BarImportError(file: name, line: 1, message: "the file is empty") }
        let separator: Character = header.contains("\t") && !header.contains(",") ? "\t" : ","
        let headers = header.split(separator: separator, omittingEmptySubsequences: false).map(\.trimmed)
        var positions: [BarColumn: Int] = [:]
        for (index, title) in headers.enumerated() {
            guard let column = headerOverrides[title] ?? BarColumn.named(title) else { continue }
            if positions[column] != nil {
                throw BarImportError(file: name, line: 1, field: title, message: "a second column means '\(column.rawValue)'")
            }
            positions[column] = index
        }
        if let missing = BarColumn.required.first(where: { positions[$0] == nil }) {
            throw BarImportError(
                file: name, line: 1,
                message: "no '\(missing.rawValue)' column (header: \(headers.joined(separator: ", "))); map one with a header override")
        }
        var bars: [Bar] = []
        bars.reserveCapacity(lines.count)
        var lineOfTime: [Timestamp: Int] = [:]
        for (offset, line) in lines.enumerated() {
            guard line.utf8.count <= maxLineBytes else {
                throw BarImportError(file: name, line: offset + 1, message: "the line is \(line.utf8.count) bytes long, over the \(maxLineBytes)-byte limit")
            }
            guard offset > 0, !line.trimmed.isEmpty else { continue }
            let bar = try row(line, separator: separator, positions: positions, headers: headers, line: offset + 1, file: name)
            if rejectsInconsistentBars {
                if let first = lineOfTime.updateValue(offset + 1, forKey: bar.time) {
                    throw BarImportError(
                        file: name, line: offset + 1, field: headers[positions[.time]!],
                        message: "the same time as line \(first); a file holds one bar per time")
                }
            }
            bars.append(bar)
        }
        return bars
    }

    private func row(
        _ text: Substring, separator: Character, positions: [BarColumn: Int], headers: [String], line: Int, file: String
    ) throws(BarImportError) -> Bar {
        let cells = text.split(separator: separator, omittingEmptySubsequences: false).map(\.trimmed)
        guard cells.count == headers.count else {
            throw BarImportError(file: file, line: line, message: "\(cells.count) cells where the header has \(headers.count)")
        }
        func cell(_ column: BarColumn) -> (String, String)? { positions[column].map { (headers[$0], cells[$0]) } }
        func price(_ column: BarColumn) throws(BarImportError) -> Price {
            let (title, value) = cell(column)!
            guard let price = Price(parsing: value) else {
                throw BarImportError(file: file, line: line, field: title, message: "'\(value)' is not a price (digits, up to 6 decimals)")
            }
            return price
        }
        let (timeTitle, timeText) = cell(.time)!
        guard let time = timeParser.parse(timeText) else {
            throw BarImportError(
                file: file, line: line, field: timeTitle,
                message: "'\(timeText)' is not a date or time (YYYY-MM-DD, YYYYMMDD, YYYY-MM-DD HH:MM[:SS], Unix seconds)")
        }
        let (volumeTitle, volumeText) = cell(.volume)!
        guard let volume = Int64(volumeText) ?? Double(volumeText).flatMap({ $0 == $0.rounded() ? Int64(exactly: $0) : nil }),
            volume >= 0
        else {
            throw BarImportError(file: file, line: line, field: volumeTitle, message: "'\(volumeText)' is not a share count")
        }
        var value: Price?
        if let (title, text) = cell(.value), !text.isEmpty {
            guard let parsed = Price(parsing: text) else {
                throw BarImportError(file: file, line: line, field: title, message: "'\(text)' is not an amount")
            }
            value = parsed
        }
        let bar = Bar(
            time: time, open: try price(.open), high: try price(.high), low: try price(.low), close: try price(.close),
            volume: volume, value: value)
        if rejectsInconsistentBars, !bar.isConsistent {
            let (title, _) = bar.low.micros <= 0 ? cell(.low)! : cell(.high)!
            throw BarImportError(
                file: file, line: line, field: title,
                message: "prices are not consistent: need 0 < low <= open, close <= high (open \(bar.open), high \(bar.high), low \(bar.low), close \(bar.close))")
        }
        return bar
    }
}
