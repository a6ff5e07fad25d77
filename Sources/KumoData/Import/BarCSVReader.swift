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
        var headerCells: [Range<Int>] = []
        Self.cellRanges(bytes, header.indices, separator, into: &headerCells)
        let headers = headerCells.map { String(decoding: bytes[$0], as: UTF8.self) }
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
        // Duplicate times: files in time order (nearly all) need one comparison a row; the first
        // time that does not increase switches to a table of every time seen, by line.
        var lineOfTime: [Timestamp: Int]?
        var barLines: [Int] = []
        barLines.reserveCapacity(lines.count)
        var cells: [Range<Int>] = []
        for (offset, range) in lines.enumerated().dropFirst() where !Self.trim(bytes[range]).isEmpty {
            let line = offset + 1
            Self.cellRanges(bytes, range, layout.separator, into: &cells)
            let bar = try row(bytes, cells, layout: layout, line: line, file: name)
            if rejectsInconsistentBars {
                if lineOfTime == nil, let last = bars.last, bar.time <= last.time {
                    lineOfTime = Dictionary(zip(bars.map(\.time), barLines), uniquingKeysWith: { first, _ in first })
                }
                if let first = lineOfTime?.updateValue(line, forKey: bar.time) {
                    throw BarImportError(
                        file: name, line: line, field: headers[layout.time],
                        message: "the same time as line \(first); a file holds one bar per time")
                }
            }
            bars.append(bar)
            barLines.append(line)
        }
        return bars
    }

    /// Where each column sits in a row, worked out once from the header.
    private struct Layout {
        var headers: [String]
        var separator: UInt8
        var time, open, high, low, close, volume: Int
        var value: Int?

        init(headers: [String], positions: [BarColumn: Int], separator: UInt8) {
            self.headers = headers
            self.separator = separator
            (time, open, high, low, close, volume) = (positions[.time]!, positions[.open]!, positions[.high]!, positions[.low]!, positions[.close]!, positions[.volume]!)
            value = positions[.value]
        }
    }

    static func trim(_ cell: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var start = cell.startIndex, end = cell.endIndex
        while start < end, cell[start] == 32 || cell[start] == 9 || cell[start] == 13 { start += 1 }
        while end > start, cell[end - 1] == 32 || cell[end - 1] == 9 || cell[end - 1] == 13 { end -= 1 }
        return cell[start..<end]
    }

    /// The trimmed cells of `bytes[line]` as ranges of `bytes`, into a buffer reused row after row.
    static func cellRanges(_ bytes: [UInt8], _ line: Range<Int>, _ separator: UInt8, into cells: inout [Range<Int>]) {
        cells.removeAll(keepingCapacity: true)
        var start = line.lowerBound
        for index in line where bytes[index] == separator {
            cells.append(trim(bytes[start..<index]).indices)
            start = index + 1
        }
        cells.append(trim(bytes[start..<line.upperBound]).indices)
    }

    private func row(_ bytes: [UInt8], _ cells: [Range<Int>], layout: Layout, line number: Int, file: String) throws(BarImportError) -> Bar {
        guard cells.count == layout.headers.count else {
            throw BarImportError(file: file, line: number, message: "\(cells.count) cells where the header has \(layout.headers.count)")
        }
        func text(_ position: Int) -> (String, String) {
            (layout.headers[position], String(decoding: bytes[cells[position]], as: UTF8.self))
        }
        func price(_ position: Int) throws(BarImportError) -> Price {
            guard let price = Price(ascii: bytes[cells[position]]) else {
                let (title, value) = text(position)
                throw BarImportError(file: file, line: number, field: title, message: "'\(value)' is not a price (digits, up to 6 decimals)")
            }
            return price
        }
        guard let time = timeParser.parse(ascii: bytes[cells[layout.time]]) else {
            let (title, value) = text(layout.time)
            throw BarImportError(
                file: file, line: number, field: title,
                message: "'\(value)' is not a date or time (YYYY-MM-DD, YYYYMMDD, YYYY-MM-DD HH:MM[:SS], Unix seconds)")
        }
        let volumeCell = bytes[cells[layout.volume]]
        var volume = Self.integer(volumeCell)
        if volume == nil, let decimal = Price(ascii: volumeCell), decimal.micros % Price.scale == 0 { volume = decimal.micros / Price.scale }
        guard let volume, volume >= 0 else {
            let (title, value) = text(layout.volume)
            throw BarImportError(file: file, line: number, field: title, message: "'\(value)' is not a share count")
        }
        var value: Price?
        if let position = layout.value, !cells[position].isEmpty {
            guard let parsed = Price(ascii: bytes[cells[position]]) else {
                let (title, cell) = text(position)
                throw BarImportError(file: file, line: number, field: title, message: "'\(cell)' is not an amount")
            }
            value = parsed
        }
        let bar = Bar(
            time: time, open: try price(layout.open), high: try price(layout.high), low: try price(layout.low),
            close: try price(layout.close), volume: volume, value: value)
        if rejectsInconsistentBars, !bar.isConsistent {
            let title = layout.headers[bar.low.micros <= 0 ? layout.low : layout.high]
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
