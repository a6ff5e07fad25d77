import KumoCore
import Testing

struct PriceTests {
    @Test func parsesAndPrintsExactDecimals() {
        #expect(Price(parsing: "71500")?.description == "71500")
        #expect(Price(parsing: "2.179012")?.micros == 2_179_012)
        #expect(Price(parsing: "-0.5")?.description == "-0.5")
        #expect(Price(parsing: ".25")?.micros == 250_000)
        #expect(Price(parsing: "1.0000001") == nil)
        #expect(Price(parsing: "1e5") == nil)
        #expect(Price(parsing: "") == nil)
        #expect(Price(parsing: "99999999999999") == nil)
    }

    @Test func aDailyBarsTimeReadsAsItsKoreanDay() {
        // Midnight KST of 2024-01-23 is 15:00 UTC the day before.
        let bar = Timestamp(year: 2024, month: 1, day: 23, utcOffsetSeconds: 9 * 3600)!
        #expect(bar.description == "2024-01-22T15:00:00Z")
        #expect(bar.kst == "2024-01-23T00:00:00+09:00")
        #expect(Timestamp(year: 2024, month: 1, day: 23, hour: 15, minute: 30, utcOffsetSeconds: 9 * 3600)!.kst == "2024-01-23T15:30:00+09:00")
    }

    @Test func timestampsRoundTripCivilDates() {
        let stamp = Timestamp(year: 2023, month: 12, day: 22, hour: 9, utcOffsetSeconds: 9 * 3600)!
        #expect(stamp.description == "2023-12-22T00:00:00Z")
        #expect(stamp.isoDate(utcOffsetSeconds: 9 * 3600) == "2023-12-22")
        #expect(Timestamp(year: 1969, month: 12, day: 31)!.nanoseconds == -86_400_000_000_000)
        #expect(Timestamp(year: 2024, month: 2, day: 30) == nil)
        #expect(stamp.iso8601(utcOffsetSeconds: 9 * 3600) == "2023-12-22T09:00:00+09:00")
    }
}
