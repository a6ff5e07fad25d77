/// How often an economic series has a value: ECOS's cycle letters.
public enum EconFrequency: String, Sendable, Hashable, Codable, CaseIterable {
    case daily = "D"
    case monthly = "M"
    case quarterly = "Q"
    case annual = "A"
}

/// The period one value of a series covers: a day, a month, a quarter or a year, written as ECOS
/// writes it (`20230808`, `202308`, `2023Q3`, `2023`).
public struct EconPeriod: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let frequency: EconFrequency
    /// The period's first day.
    public let start: CivilDate

    public init(frequency: EconFrequency, start: CivilDate) {
        self.frequency = frequency
        self.start = start
    }

    /// Reads ECOS's label of a period of `frequency`; nil when `text` is not one.
    public init?(_ text: some StringProtocol, frequency: EconFrequency) {
        let text = String(text)
        func number(_ slice: Substring) -> Int? { slice.allSatisfy(\.isASCII) ? Int(slice) : nil }
        let year = number(text.prefix(4))
        switch frequency {
        case .daily:
            guard let date = CivilDate(compact: text) else { return nil }
            start = date
        case .monthly:
            guard text.count == 6, let year, let month = number(text.suffix(2)), let date = CivilDate(year: year, month: month, day: 1) else { return nil }
            start = date
        case .quarterly:
            guard text.count == 6, let year, text.dropFirst(4).first == "Q", let quarter = number(text.suffix(1)), (1...4).contains(quarter) else { return nil }
            start = CivilDate(year: year, month: quarter * 3 - 2, day: 1)!
        case .annual:
            guard text.count == 4, let year, year > 0 else { return nil }
            start = CivilDate(year: year, month: 1, day: 1)!
        }
        self.frequency = frequency
    }

    /// The period of `frequency` that holds `date`.
    public init(containing date: CivilDate, frequency: EconFrequency) {
        self.frequency = frequency
        switch frequency {
        case .daily: start = date
        case .monthly: start = CivilDate(year: date.year, month: date.month, day: 1)!
        case .quarterly: start = CivilDate(year: date.year, month: (date.month - 1) / 3 * 3 + 1, day: 1)!
        case .annual: start = CivilDate(year: date.year, month: 1, day: 1)!
        }
    }

    /// ECOS's label of the period.
    public var label: String {
        switch frequency {
        case .daily: start.compact
        case .monthly: fourDigits(start.year) + (start.month < 10 ? "0" : "") + String(start.month)
        case .quarterly: fourDigits(start.year) + "Q" + String((start.month + 2) / 3)
        case .annual: fourDigits(start.year)
        }
    }

    /// The period after this one.
    public var next: EconPeriod {
        switch frequency {
        case .daily: EconPeriod(frequency: .daily, start: start.adding(days: 1))
        case .monthly: EconPeriod(frequency: .monthly, start: Self.month(start, plus: 1))
        case .quarterly: EconPeriod(frequency: .quarterly, start: Self.month(start, plus: 3))
        case .annual: EconPeriod(frequency: .annual, start: Self.month(start, plus: 12))
        }
    }

    /// The period's last day.
    public var end: CivilDate { next.start.adding(days: -1) }

    public static func < (lhs: EconPeriod, rhs: EconPeriod) -> Bool { lhs.start < rhs.start }

    public var description: String { label }

    static func month(_ date: CivilDate, plus months: Int) -> CivilDate {
        let index = date.year * 12 + date.month - 1 + months
        return CivilDate(year: index / 12, month: index % 12 + 1, day: 1)!
    }
}

/// A year written with four digits.
private func fourDigits(_ year: Int) -> String {
    let digits = "\(year)"
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
