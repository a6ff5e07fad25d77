import KumoCore
import KumoData
import Testing

struct HolidayFileTests {
    @Test func holidaysCloseTheirDaysAndCommentsAreIgnored() throws {
        let calendar = try HolidayFile.calendar(parsing: "# KRX\n2025-01-01 신정\n\n2025-10-06\t추석 # Chuseok\n", name: "h.txt")
        #expect(!calendar.isTradingDay(CivilDate(year: 2025, month: 1, day: 1)!))
        #expect(!calendar.isTradingDay(CivilDate(year: 2025, month: 10, day: 6)!))
        #expect(calendar.isTradingDay(CivilDate(year: 2025, month: 10, day: 10)!))
        #expect(!calendar.isTradingDay(CivilDate(year: 2025, month: 10, day: 11)!))  // a Saturday
    }

    @Test func aBadLineIsNamed() {
        do {
            _ = try HolidayFile.calendar(parsing: "2025-01-01\n2025-13-01 nope\n", name: "h.txt")
            Issue.record("accepted a bad date")
        } catch {
            #expect(error.description == "h.txt:2: '2025-13-01' is not a date (YYYY-MM-DD)")
        }
    }

    @Test func holidaysRemoveFalseGapsFromTheQualityReport() throws {
        let bars = [2, 10].map { day in
            Bar(time: Timestamp(year: 2025, month: 10, day: day, utcOffsetSeconds: 9 * 3600)!, open: Price(units: 1), high: Price(units: 1),
                low: Price(units: 1), close: Price(units: 1), volume: 1)
        }
        let plain = DataQualityReport(bars: bars, timeframe: Timeframe(1, .day), minimumGap: 1)
        let chuseok = try HolidayFile.calendar(parsing: "2025-10-03\n2025-10-06\n2025-10-07\n2025-10-08\n2025-10-09\n", name: "krx")
        let aware = DataQualityReport(bars: bars, timeframe: Timeframe(1, .day), calendar: chuseok, minimumGap: 1)
        #expect(plain.findings.map(\.kind) == [.gap])
        #expect(aware.findings.isEmpty)
    }
}
