import KumoCollectors
import KumoCore
import Testing

/// Cron expressions as `kumo collect --schedule` reads them, in KST.
struct CronScheduleTests {
    static func kst(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ minute: Int) -> Timestamp {
        Timestamp(year: y, month: m, day: d, hour: h, minute: minute, utcOffsetSeconds: 9 * 3600)!
    }

    @Test func weekdayEveningsAfterTheClose() throws {
        let cron = try CronSchedule(parsing: "0 19 * * 1-5")
        // Friday 2025-03-07 18:30 → 19:00 the same day; then the following Monday.
        #expect(cron.next(after: Self.kst(2025, 3, 7, 18, 30)) == Self.kst(2025, 3, 7, 19, 0))
        #expect(cron.next(after: Self.kst(2025, 3, 7, 19, 0)) == Self.kst(2025, 3, 10, 19, 0))
    }

    @Test func stepsListsAndSundayAsSeven() throws {
        let every = try CronSchedule(parsing: "*/15 9-15 * * *")
        #expect(every.next(after: Self.kst(2025, 3, 7, 15, 50)) == Self.kst(2025, 3, 8, 9, 0))
        #expect(every.next(after: Self.kst(2025, 3, 7, 10, 1)) == Self.kst(2025, 3, 7, 10, 15))
        let sunday = try CronSchedule(parsing: "30 6 * * 7")
        #expect(sunday.next(after: Self.kst(2025, 3, 7, 0, 0)) == Self.kst(2025, 3, 9, 6, 30))
        // Both day fields restricted: either matches, as cron does (the 1st, or any Monday).
        let either = try CronSchedule(parsing: "0 8 1 * 1")
        #expect(either.next(after: Self.kst(2025, 3, 1, 9, 0)) == Self.kst(2025, 3, 3, 8, 0))
        #expect(either.next(after: Self.kst(2025, 3, 31, 9, 0)) == Self.kst(2025, 4, 1, 8, 0))
    }

    @Test func badExpressionsAreRefusedNamingTheField() {
        let cases = [("0 19 * *", "five fields"), ("61 * * * *", "minute"), ("0 24 * * *", "hour"), ("0 0 0 * *", "day of month"), ("0 0 * 13 *", "month"),
                     ("0 0 * * 8", "day of week"), ("*/0 * * * *", "step"), ("5-1 * * * *", "range"), ("x * * * *", "minute")]
        for (text, word) in cases {
            do {
                _ = try CronSchedule(parsing: text)
                Issue.record("'\(text)' must be refused")
            } catch {
                #expect(error.description.contains(word), "\(text): \(error.description)")
            }
        }
    }
}
