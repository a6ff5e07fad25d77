/// When a series' value for a period becomes public, in KST: on the period's last day (a daily
/// rate known that evening), or on the n-th KRX trading day after the period ends (a monthly
/// index published at 08:00 early the next month). Dates the publisher announced replace the
/// rule for their periods. Rules are set to be no earlier than the publisher: a backtest that
/// sees a value late loses a little; one that sees it early is wrong.
public struct ReleaseSchedule: Sendable, Hashable {
    public enum Rule: Sendable, Hashable {
        /// On the period's last day.
        case periodEnd
        /// On the n-th trading day after the period's last day (n ≥ 1).
        case tradingDaysAfter(Int)
    }

    public var rule: Rule
    /// The time of day of a release, KST.
    public var hour: Int
    public var minute: Int
    /// Announced release days, by period label; they take precedence over the rule.
    public var dates: [String: CivilDate]

    public init(rule: Rule, hour: Int, minute: Int = 0, dates: [String: CivilDate] = [:]) {
        self.rule = rule
        self.hour = hour
        self.minute = minute
        self.dates = dates
    }

    /// The day `period`'s value is released.
    public func releaseDay(of period: EconPeriod, calendar: some TradingCalendar) -> CivilDate {
        if let day = dates[period.label] { return day }
        switch rule {
        case .periodEnd: return period.end
        case .tradingDaysAfter(let n): return calendar.tradingDays(after: period.end, count: n).last ?? period.end
        }
    }

    /// The moment `period`'s value is released.
    public func releaseTime(of period: EconPeriod, calendar: some TradingCalendar) -> Timestamp {
        let day = releaseDay(of: period, calendar: calendar)
        return Timestamp(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)!
    }

    /// The periods of `frequency` released in `from…to` (days), with their release times, in order.
    public func releases(of frequency: EconFrequency, from: CivilDate, to: CivilDate, calendar: some TradingCalendar) -> [(period: EconPeriod, at: Timestamp)] {
        // A period ends before its release; start far enough back to catch one released late.
        var period = EconPeriod(containing: from.adding(days: -120), frequency: frequency)
        var out: [(EconPeriod, Timestamp)] = []
        while period.end <= to {
            let day = releaseDay(of: period, calendar: calendar)
            if day >= from, day <= to { out.append((period, releaseTime(of: period, calendar: calendar))) }
            period = period.next
        }
        return out.sorted { $0.1 < $1.1 }
    }
}
