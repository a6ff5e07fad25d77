/// A UTC instant with nanosecond resolution: nanoseconds since 1970-01-01T00:00:00Z.
///
/// KRX sessions are evaluated in Asia/Seoul (UTC+9, no daylight saving) from these instants.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public init(seconds: Int64) { self.init(nanoseconds: seconds * 1_000_000_000) }

    /// The instant of a civil date and time in UTC; nil for an impossible date.
    public init?(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, utcOffsetSeconds: Int = 0) {
        guard (1...12).contains(month), (1...Self.daysIn(month: month, year: year)).contains(day), (0..<24).contains(hour),
            (0..<60).contains(minute), (0..<61).contains(second)
        else { return nil }
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second - utcOffsetSeconds)
        let (nanoseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return nil }  // beyond 1677–2262, the range of nanoseconds in Int64
        self.init(nanoseconds: nanoseconds)
    }

    public var secondsSince1970: Double { Double(nanoseconds) / 1e9 }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// The civil date and time at a UTC offset (Asia/Seoul is +9 h).
    public func civil(utcOffsetSeconds: Int = 0) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let total = nanoseconds.dividedFloor(by: 1_000_000_000) + Int64(utcOffsetSeconds)
        let days = Int(total.dividedFloor(by: 86_400))
        let secondOfDay = Int(total - Int64(days) * 86_400)
        let (year, month, day) = Self.civilFromDays(days)
        return (year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60)
    }

    /// `YYYY-MM-DD` at a UTC offset.
    public func isoDate(utcOffsetSeconds: Int = 0) -> String {
        let c = civil(utcOffsetSeconds: utcOffsetSeconds)
        return "\(Self.pad(c.year, 4))-\(Self.pad(c.month, 2))-\(Self.pad(c.day, 2))"
    }

    /// `YYYY-MM-DDTHH:MM:SS±HH:MM` at a UTC offset (`Z` at zero).
    public func iso8601(utcOffsetSeconds offset: Int) -> String {
        guard offset != 0 else { return description }
        let c = civil(utcOffsetSeconds: offset)
        let zone = (offset < 0 ? "-" : "+") + Self.pad(abs(offset) / 3600, 2) + ":" + Self.pad(abs(offset) % 3600 / 60, 2)
        return isoDate(utcOffsetSeconds: offset) + "T\(Self.pad(c.hour, 2)):\(Self.pad(c.minute, 2)):\(Self.pad(c.second, 2))" + zone
    }

    /// `YYYY-MM-DDTHH:MM:SS+09:00`: the instant as KRX's clock shows it (Asia/Seoul), for
    /// messages and listings a trader reads (a daily bar's time is midnight of its trading day).
    public var kst: String { iso8601(utcOffsetSeconds: KRXSessions.utcOffsetSeconds) }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public var description: String {
        let c = civil()
        return isoDate() + "T\(Self.pad(c.hour, 2)):\(Self.pad(c.minute, 2)):\(Self.pad(c.second, 2))Z"
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    /// Integer division rounding toward negative infinity.
    public func dividedFloor(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
