/// A calendar date without a time zone, as exchanges name trading days: 2024-01-25.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Creates a date, or returns nil for one that does not exist (2023-02-29).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...Timestamp.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYYMMDD` (KRX and OpenDART write dates so).
    public init?(compact text: some StringProtocol) {
        guard text.count == 8, text.allSatisfy(\.isNumber), let y = Int(text.prefix(4)), let m = Int(text.dropFirst(4).prefix(2)), let d = Int(text.suffix(2)) else {
            return nil
        }
        self.init(year: y, month: m, day: d)
    }

    /// `YYYYMMDD`.
    public var compact: String {
        let digits = String(year * 10_000 + month * 100 + day)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// Parses `YYYY-MM-DD`.
    public init?(parsing text: some StringProtocol) {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else {
            return nil
        }
        self.init(year: y, month: m, day: d)
    }

    /// The date of an instant at a UTC offset (KRX: +9 h).
    public init(_ instant: Timestamp, utcOffsetSeconds: Int) {
        let civil = instant.civil(utcOffsetSeconds: utcOffsetSeconds)
        self.init(unchecked: civil.year, civil.month, civil.day)
    }

    init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Days since 1970-01-01.
    public var daysSince1970: Int { Timestamp.daysFromCivil(year: year, month: month, day: day) }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> CivilDate {
        let (y, m, d) = Timestamp.civilFromDays(daysSince1970 + days)
        return CivilDate(unchecked: y, m, d)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int { ((daysSince1970 % 7) + 7 + 3) % 7 + 1 }

    public var isWeekend: Bool { weekday >= 6 }

    /// Field by field (valid dates order as their day numbers do), without working out either.
    @inlinable public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        lhs.year != rhs.year ? lhs.year < rhs.year : lhs.month != rhs.month ? lhs.month < rhs.month : lhs.day < rhs.day
    }

    public var description: String {
        "\(Timestamp.pad(year, 4))-\(Timestamp.pad(month, 2))-\(Timestamp.pad(day, 2))"
    }
}
