public import KumoCore

/// Reads the time cell of a bar file: `YYYY-MM-DD`, `YYYYMMDD`, `YYYY/MM/DD`, `YYYY.MM.DD`,
/// with an optional ` HH:MM[:SS]` or `THH:MM[:SS]` and an optional `Z` or `±HH:MM`; or Unix
/// seconds (10 digits) and milliseconds (13 digits). Local times are read at `utcOffsetSeconds`.
public struct BarTimeParser: Sendable {
    public var utcOffsetSeconds: Int

    public init(utcOffsetSeconds: Int = 0) { self.utcOffsetSeconds = utcOffsetSeconds }

    /// Returns the instant, or nil when the text is none of the accepted forms.
    public func parse(_ text: String) -> Timestamp? {
        parse(ascii: Array(text.trimmed.utf8)[...])
    }

    /// An epoch count in seconds or milliseconds; nil past the nanosecond range (year 2262).
    private func epoch(_ value: Int64, nanosecondsPerUnit: Int64) -> Timestamp? {
        let (nanoseconds, overflow) = value.multipliedReportingOverflow(by: nanosecondsPerUnit)
        return overflow ? nil : Timestamp(nanoseconds: nanoseconds)
    }

    /// Parses trimmed ASCII bytes: the fast path of file imports.
    public func parse(ascii bytes: ArraySlice<UInt8>) -> Timestamp? {
        let cell = Array(bytes)
        if !cell.isEmpty, cell.allSatisfy({ (48...57).contains($0) }) {
            let value = Int64(String(decoding: cell, as: UTF8.self))!
            switch cell.count {
            case 8: return date(cell, 0, 4, 4, 6, 6, 8).flatMap { stamp($0, (0, 0, 0), offset: utcOffsetSeconds) }
            case 10: return epoch(value, nanosecondsPerUnit: 1_000_000_000)
            case 13: return epoch(value, nanosecondsPerUnit: 1_000_000)
            default: return nil
            }
        }
        guard cell.count >= 10, [45, 47, 46].contains(cell[4]), cell[7] == cell[4],
            let day = date(cell, 0, 4, 5, 7, 8, 10)
        else { return nil }
        var rest = Array(cell.dropFirst(10))
        var offset = utcOffsetSeconds
        if let last = rest.last, last == 90 {  // Z
            offset = 0
            rest.removeLast()
        } else if rest.count >= 6, [43, 45].contains(rest[rest.count - 6]), rest[rest.count - 3] == 58,
            let hours = number(rest, rest.count - 5, rest.count - 3), let minutes = number(rest, rest.count - 2, rest.count)
        {
            offset = (rest[rest.count - 6] == 45 ? -1 : 1) * (hours * 3600 + minutes * 60)
            rest.removeLast(6)
        }
        if rest.isEmpty { return stamp(day, (0, 0, 0), offset: offset) }
        guard [32, 84].contains(rest[0]), rest.count == 6 || rest.count == 9, rest[3] == 58,
            let hour = number(rest, 1, 3), let minute = number(rest, 4, 6)
        else { return nil }
        var second = 0
        if rest.count == 9 {
            guard rest[6] == 58, let value = number(rest, 7, 9) else { return nil }
            second = value
        }
        return stamp(day, (hour, minute, second), offset: offset)
    }

    private func number(_ bytes: [UInt8], _ from: Int, _ to: Int) -> Int? {
        guard from >= 0, to <= bytes.count, from < to, bytes[from..<to].allSatisfy({ (48...57).contains($0) }) else { return nil }
        return Int(String(decoding: bytes[from..<to], as: UTF8.self))
    }

    private func date(_ bytes: [UInt8], _ y0: Int, _ y1: Int, _ m0: Int, _ m1: Int, _ d0: Int, _ d1: Int) -> (Int, Int, Int)? {
        guard let year = number(bytes, y0, y1), let month = number(bytes, m0, m1), let day = number(bytes, d0, d1) else { return nil }
        return (year, month, day)
    }

    private func stamp(_ day: (Int, Int, Int), _ time: (Int, Int, Int), offset: Int) -> Timestamp? {
        Timestamp(year: day.0, month: day.1, day: day.2, hour: time.0, minute: time.1, second: time.2, utcOffsetSeconds: offset)
    }
}
