/// The phases of a KRX trading day, in Korea time.
public enum SessionPhase: String, Sendable, Hashable, CaseIterable {
    /// 장전 시간외 종가: trades at the previous close.
    case preMarketClosingPrice
    /// 시가 단일가: orders collected, one price at the open.
    case openingAuction
    /// 정규 접속매매: continuous matching.
    case continuous
    /// 종가 단일가: orders collected, one price at the close.
    case closingAuction
    /// 장후 시간외 종가: trades at today's close.
    case postMarketClosingPrice
    /// 시간외 단일가 (until 2026-09-11): a call every 10 minutes within ±10% of the close.
    case afterHoursSinglePrice
    /// KRX after-market (from 2026-09-14): continuous matching in a separate book.
    case afterMarket
}

/// KRX equity sessions as data: two regimes (the after-market replaced the 16:00–18:00 single-price
/// session on 2026-09-14) and the late open of the year's first trading day.
public struct KRXSessions: Sendable {
    /// Korea Standard Time: UTC+9, no daylight saving.
    public static let utcOffsetSeconds = 9 * 3600
    /// The first day of the after-market regime.
    public static let afterMarketSince = CivilDate(year: 2026, month: 9, day: 14)!

    /// A phase from `start` (inclusive) to `end` (exclusive), in minutes after midnight KST.
    public struct Window: Sendable, Hashable {
        public var phase: SessionPhase
        public var start: Int
        public var end: Int
    }

    public let calendar: any TradingCalendar

    public init(calendar: any TradingCalendar = WeekdayCalendar()) { self.calendar = calendar }

    /// The windows of a trading day (empty on a closed day), in time order. From 08:30 to 08:40
    /// the opening auction already takes orders while the closing-price session trades; that
    /// time is reported as the closing-price session.
    public func windows(on date: CivilDate) -> [Window] {
        guard calendar.isTradingDay(date) else { return [] }
        let late = calendar.isFirstTradingDayOfYear(date) ? 60 : 0  // the year's first day opens at 10:00
        var windows = [
            Window(phase: .preMarketClosingPrice, start: 8 * 60 + 30 + late, end: 8 * 60 + 40 + late),
            Window(phase: .openingAuction, start: 8 * 60 + 40 + late, end: 9 * 60 + late),
            Window(phase: .continuous, start: 9 * 60 + late, end: 15 * 60 + 20),
            Window(phase: .closingAuction, start: 15 * 60 + 20, end: 15 * 60 + 30),
            Window(phase: .postMarketClosingPrice, start: 15 * 60 + 40, end: 16 * 60),
        ]
        windows.append(
            date >= Self.afterMarketSince
                ? Window(phase: .afterMarket, start: 16 * 60, end: 20 * 60)
                : Window(phase: .afterHoursSinglePrice, start: 16 * 60, end: 18 * 60))
        return windows
    }

    /// The phase at an instant, or nil when the market is closed.
    public func phase(at instant: Timestamp) -> SessionPhase? {
        let date = CivilDate(instant, utcOffsetSeconds: Self.utcOffsetSeconds)
        let civil = instant.civil(utcOffsetSeconds: Self.utcOffsetSeconds)
        let minute = civil.hour * 60 + civil.minute
        return windows(on: date).first { minute >= $0.start && minute < $0.end }?.phase
    }

    /// Whether the regular market (auctions and continuous trading, 08:40–15:30) is open.
    public func isOpen(at instant: Timestamp) -> Bool {
        guard let phase = phase(at: instant) else { return false }
        return [.openingAuction, .continuous, .closingAuction].contains(phase)
    }

    /// The next start of continuous trading strictly after `instant`.
    public func nextOpen(after instant: Timestamp) -> Timestamp {
        var date = CivilDate(instant, utcOffsetSeconds: Self.utcOffsetSeconds)
        for _ in 0..<370 {
            if let window = windows(on: date).first(where: { $0.phase == .continuous }) {
                let open = Timestamp(
                    year: date.year, month: date.month, day: date.day, hour: window.start / 60, minute: window.start % 60,
                    utcOffsetSeconds: Self.utcOffsetSeconds)!
                if open > instant { return open }
            }
            date = date.adding(days: 1)
        }
        preconditionFailure("No trading day within a year after \(instant): the calendar closes every day")
    }
}

/// Which days an exchange trades.
public protocol TradingCalendar: Sendable {
    func isTradingDay(_ date: CivilDate) -> Bool
    /// Whether the calendar knows every holiday of `year` (false: a missing weekday may be one).
    func isComplete(_ year: Int) -> Bool
}

extension TradingCalendar {
    public func isComplete(_ year: Int) -> Bool { false }

    /// Whether `date` is the first trading day of its year.
    public func isFirstTradingDayOfYear(_ date: CivilDate) -> Bool {
        guard isTradingDay(date) else { return false }
        var day = CivilDate(year: date.year, month: 1, day: 1)!
        while day < date {
            if isTradingDay(day) { return false }
            day = day.adding(days: 1)
        }
        return true
    }

    /// The `count` trading days after `date`, in order.
    public func tradingDays(after date: CivilDate, count: Int) -> [CivilDate] {
        var days: [CivilDate] = []
        var day = date
        while days.count < count {
            day = day.adding(days: 1)
            if isTradingDay(day) { days.append(day) }
        }
        return days
    }
}

/// Monday to Friday, minus the listed holidays: the KRX calendar once its holidays (read from
/// KIS `chk-holiday` or a calendar file the user keeps) are given.
public struct WeekdayCalendar: TradingCalendar, Hashable {
    public var holidays: Set<CivilDate>
    /// Years whose holidays are all listed (``KRXHolidays/years`` for the shipped KRX calendar);
    /// outside them a missing weekday may be a holiday the calendar does not know.
    public var completeYears: ClosedRange<Int>?

    public init(holidays: Set<CivilDate> = [], completeYears: ClosedRange<Int>? = nil) {
        self.holidays = holidays
        self.completeYears = completeYears
    }

    /// Whether every holiday of `year` is listed.
    public func isComplete(_ year: Int) -> Bool { completeYears?.contains(year) ?? false }

    /// This calendar with `other`'s holidays added (a user's file on top of the shipped one).
    public func adding(_ other: WeekdayCalendar) -> WeekdayCalendar {
        WeekdayCalendar(holidays: holidays.union(other.holidays), completeYears: completeYears)
    }

    public func isTradingDay(_ date: CivilDate) -> Bool { !date.isWeekend && !holidays.contains(date) }
}
