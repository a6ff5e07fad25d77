import Foundation
import KumoCore
import KumoData
import Testing

/// The shipped KRX calendar against what KRX actually did: four real daily series (005930, 000660,
/// 035420, 069500) traded on every weekday it calls open and on none it calls closed, 2010 to the
/// files' end in December 2023.
struct KRXHolidaysTests {
    static let files = ["krx-005930-daily.csv", "krx-000660-daily.csv", "krx-035420-daily.csv", "krx-069500-daily.csv"]

    static func tradedDays() throws -> Set<CivilDate> {
        var days: Set<CivilDate> = []
        for name in files {
            let bars = try BarCSVReader(timeParser: BarTimeParser(utcOffsetSeconds: 9 * 3600)).read(MarketDataStoreTests.shared.appendingPathComponent(name))
            for bar in bars { days.insert(CivilDate(bar.time, utcOffsetSeconds: 9 * 3600)) }
        }
        return days
    }

    @Test func theCalendarMatchesTheDaysKRXTradedFrom2010() throws {
        let traded = try Self.tradedDays()
        let calendar = KRXHolidays.calendar
        let last = try #require(traded.max())
        var day = CivilDate(year: 2010, month: 1, day: 1)!
        var closedWeekdays = 0
        var wrong: [String] = []
        while day <= last {
            if !day.isWeekend {
                if calendar.isTradingDay(day) != traded.contains(day) { wrong.append("\(day): calendar \(calendar.isTradingDay(day) ? "open" : "closed")") }
                if !calendar.isTradingDay(day) { closedWeekdays += 1 }
            }
            day = day.adding(days: 1)
        }
        #expect(wrong.isEmpty, "\(wrong)")
        #expect(closedWeekdays > 180, "about 14 closed weekdays a year")
    }

    @Test func aRealSeriesHasNoGapsWhereTheCalendarIsComplete() throws {
        let file = MarketDataStoreTests.shared.appendingPathComponent("krx-005930-daily.csv")
        let bars = try BarCSVReader(timeParser: BarTimeParser(utcOffsetSeconds: 9 * 3600)).read(file)
        let report = DataQualityReport(bars: bars, timeframe: Timeframe(1, .day), calendar: KRXHolidays.calendar)
        let since2010 = report.findings.filter { $0.kind == .gap && CivilDate($0.time, utcOffsetSeconds: 9 * 3600).year >= 2010 }
        #expect(since2010.isEmpty, "\(since2010.map(\.message))")
        // One missing day is a gap where every holiday is known.
        let holed = bars.filter { CivilDate($0.time, utcOffsetSeconds: 9 * 3600) != CivilDate(year: 2023, month: 6, day: 7)! }
        let found = DataQualityReport(bars: holed, timeframe: Timeframe(1, .day), calendar: KRXHolidays.calendar).findings.filter { $0.kind == .gap }
        #expect(found.map(\.message).contains("1 trading days missing after 2023-06-05"), "\(found.map(\.message))")
    }

    @Test func substituteAndElectionDaysOfTheComingYearsAreClosed() {
        let calendar = KRXHolidays.calendar
        // 2026: 삼일절 on a Sunday (substitute Monday 3-02), local elections 6-03, 광복절 on a Saturday
        // (substitute 8-17), 개천절 on a Saturday (substitute 10-05), the year-end closing on 12-31.
        for (month, day) in [(3, 2), (6, 3), (8, 17), (10, 5), (12, 31), (2, 16), (2, 17), (2, 18), (9, 24), (9, 25)] {
            #expect(!calendar.isTradingDay(CivilDate(year: 2026, month: month, day: day)!), "2026-\(month)-\(day)")
        }
        // Chuseok 2026 ends on a Saturday: no substitute. 2025's Children's Day and Buddha's Birthday
        // fell together on 5-05: one substitute day, 5-06.
        for (year, month, day) in [(2026, 12, 30), (2026, 9, 28), (2025, 5, 7)] {
            #expect(calendar.isTradingDay(CivilDate(year: year, month: month, day: day)!), "\(year)-\(month)-\(day)")
        }
        #expect(!calendar.isTradingDay(CivilDate(year: 2025, month: 5, day: 6)!))
        #expect(calendar.isComplete(2026) && !calendar.isComplete(2009))
    }
}
