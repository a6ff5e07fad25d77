public import Foundation
#if canImport(Glibc)
    import Glibc
#endif
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
        // Mapped, not loaded: a file with an endless line is refused before it costs memory.
        guard let data = try? Data(contentsOf: file, options: .alwaysMapped) else {
            throw BarImportError(file: file.path, line: 0, message: "cannot read the file")
        }
        try checkLineLengths(data, name: file.path)
        guard let text = String(data: data, encoding: .utf8) else {
            throw BarImportError(file: file.path, line: 0, message: "the file is not UTF-8 text")
        }
        return try read(text: text, name: file.path)
    }

    /// Refuses the first line longer than ``maxLineBytes`` by scanning the bytes once.
    private func checkLineLengths(_ data: Data, name: String) throws(BarImportError) {
        let limit = maxLineBytes
        let failure: (line: Int, length: Int)? = data.withUnsafeBytes { raw -> (Int, Int)? in
            guard let base = raw.baseAddress, raw.count > limit else { return nil }
            var line = 1
            var start = 0
            while start <= raw.count {
                // memchr is fast in any build; the loop runs once per line.
                let rest = raw.count - start
                let newline = memchr(base + start, 10, rest).map { $0 - UnsafeMutableRawPointer(mutating: base) } ?? raw.count
                var segmentStart = start
                // A segment without "\n" may still hold "\r" line ends (old Mac files).
                while newline - segmentStart > limit {
                    guard let carriage = memchr(base + segmentStart, 13, newline - segmentStart) else { break }
                    let end = carriage - UnsafeMutableRawPointer(mutating: base)
                    if end - segmentStart > limit { return (line, end - segmentStart) }
                    line += 1
                    segmentStart = end + 1
                }
                var length = newline - segmentStart
                if length > 0, newline < raw.count, raw[newline - 1] == 13 { length -= 1 }
                if length > limit { return (line, length) }
                line += 1
                start = newline + 1
            }
            return nil
        }
        if let failure {
            throw BarImportError(file: name, line: failure.line, message: "the line is \(failure.length) bytes long, over the \(maxLineBytes)-byte limit")
        }
    }

    /// Reads CSV text; `name` names it in errors.
    public func read(text: String, name: String) throws(BarImportError) -> [Bar] {
        let bytes = Array(text.utf8)
        // Line boundaries: "\n", "\r\n" and lone "\r" all end a line.
        var lines: [Range<Int>] = []
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 10 || byte == 13 {
                lines.append(lineStart..<index)
                if byte == 13, index + 1 < bytes.count, bytes[index + 1] == 10 { index += 1 }
                lineStart = index + 1
            }
            index += 1
        }
        if lineStart < bytes.count { lines.append(lineStart..<bytes.count) }
        while let last = lines.last, Self.trim(bytes[last]).isEmpty { lines.removeLast() }
        guard let headerRange = lines.first else { throw BarImportError(file: name, line: 1, message: "the file is empty") }
        if let long = lines.firstIndex(where: { $0.count > maxLineBytes }) {
            throw BarImportError(file: name, line: long + 1, message: "the line is \(lines[long].count) bytes long, over the \(maxLineBytes)-byte limit")
        }
        var header = bytes[headerRange]
        if header.starts(with: [0xEF, 0xBB, 0xBF]) { header = header.dropFirst(3) }  // a byte-order mark
        let separator: UInt8 = header.contains(9) && !header.contains(44) ? 9 : 44
        let headers = Self.cells(header, separator).map { String(decoding: $0, as: UTF8.self) }
        var positions: [BarColumn: Int] = [:]
        for (column, title) in headers.enumerated() {
            guard let kind = headerOverrides[title] ?? BarColumn.named(title) else { continue }
            if positions[kind] != nil {
                throw BarImportError(file: name, line: 1, field: title, message: "a second column means '\(kind.rawValue)'")
            }
            positions[kind] = column
        }
        if let missing = BarColumn.required.first(where: { positions[$0] == nil }) {
            throw BarImportError(
                file: name, line: 1,
                message: "no '\(missing.rawValue)' column (header: \(headers.joined(separator: ", "))); map one with a header override")
        }
        let layout = Layout(headers: headers, positions: positions, separator: separator)
        var bars: [Bar] = []
        bars.reserveCapacity(lines.count)
        var lineOfTime: [Timestamp: Int] = [:]
        for (offset, range) in lines.enumerated().dropFirst() where !Self.trim(bytes[range]).isEmpty {
            let bar = try row(bytes[range], layout: layout, line: offset + 1, file: name)
            if rejectsInconsistentBars, let first = lineOfTime.updateValue(offset + 1, forKey: bar.time) {
                throw BarImportError(
                    file: name, line: offset + 1, field: headers[positions[.time]!],
                    message: "the same time as line \(first); a file holds one bar per time")
            }
            bars.append(bar)
        }
        return bars
    }

    private struct Layout {
        var headers: [String]
        var positions: [BarColumn: Int]
        var separator: UInt8
    }

    static func trim(_ cell: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = cell.startIndex, end = cell.endIndex
        while start < end, cell[start] == 32 || cell[start] == 9 || cell[start] == 13 { start += 1 }
        while end > start, cell[end - 1] == 32 || cell[end - 1] == 9 || cell[end - 1] == 13 { end -= 1 }
        return cell[start..<end]
    }

    static func cells(_ line: ArraySlice<UInt8>, _ separator: UInt8) -> [ArraySlice<UInt8>] {
        var cells: [ArraySlice<UInt8>] = []
        var start = line.startIndex
        for index in line.indices where line[index] == separator {
            cells.append(trim(line[start..<index]))
            start = index + 1
        }
        cells.append(trim(line[start..<line.endIndex]))
        return cells
    }

    private func row(_ line: ArraySlice<UInt8>, layout: Layout, line number: Int, file: String) throws(BarImportError) -> Bar {
        let cells = Self.cells(line, layout.separator)
        guard cells.count == layout.headers.count else {
            throw BarImportError(file: file, line: number, message: "\(cells.count) cells where the header has \(layout.headers.count)")
        }
        func text(_ column: BarColumn) -> (String, String) {
            let position = layout.positions[column]!
            return (layout.headers[position], String(decoding: cells[position], as: UTF8.self))
        }
        func price(_ column: BarColumn) throws(BarImportError) -> Price {
            guard let price = Price(ascii: cells[layout.positions[column]!]) else {
                let (title, value) = text(column)
                throw BarImportError(file: file, line: number, field: title, message: "'\(value)' is not a price (digits, up to 6 decimals)")
            }
            return price
        }
        guard let time = timeParser.parse(ascii: cells[layout.positions[.time]!]) else {
            let (title, value) = text(.time)
            throw BarImportError(
                file: file, line: number, field: title,
                message: "'\(value)' is not a date or time (YYYY-MM-DD, YYYYMMDD, YYYY-MM-DD HH:MM[:SS], Unix seconds)")
        }
        let volumeCell = cells[layout.positions[.volume]!]
        var volume = Self.integer(volumeCell)
        if volume == nil, let decimal = Price(ascii: volumeCell), decimal.micros % Price.scale == 0 { volume = decimal.micros / Price.scale }
        guard let volume, volume >= 0 else {
            let (title, value) = text(.volume)
            throw BarImportError(file: file, line: number, field: title, message: "'\(value)' is not a share count")
        }
        var value: Price?
        if let position = layout.positions[.value], !cells[position].isEmpty {
            guard let parsed = Price(ascii: cells[position]) else {
                let (title, cell) = text(.value)
                throw BarImportError(file: file, line: number, field: title, message: "'\(cell)' is not an amount")
            }
            value = parsed
        }
        let bar = Bar(
            time: time, open: try price(.open), high: try price(.high), low: try price(.low), close: try price(.close),
            volume: volume, value: value)
        if rejectsInconsistentBars, !bar.isConsistent {
            let title = layout.headers[layout.positions[bar.low.micros <= 0 ? .low : .high]!]
            throw BarImportError(
                file: file, line: number, field: title,
                message: "prices are not consistent: need 0 < low <= open, close <= high (open \(bar.open), high \(bar.high), low \(bar.low), close \(bar.close))")
        }
        return bar
    }

    /// A non-negative or negative decimal integer from ASCII bytes.
    static func integer(_ bytes: ArraySlice<UInt8>) -> Int64? {
        guard !bytes.isEmpty else { return nil }
        var index = bytes.startIndex
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < bytes.endIndex else { return nil }
        var value: Int64 = 0
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte >= 48 && byte <= 57, value < Int64.max / 10 else { return nil }
            value = value * 10 + Int64(byte - 48)
            index += 1
        }
        return negative ? -value : value
    }
}
