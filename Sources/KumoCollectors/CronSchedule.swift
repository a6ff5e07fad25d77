public import KumoCore

/// A five-field cron expression (minute, hour, day of month, month, day of week; `*`, lists,
/// ranges and `/steps`; Sunday is 0 or 7), read in KST, for `kumo collect … --schedule`. As in
/// cron, when both day fields are restricted a day matching either runs.
public struct CronSchedule: Sendable, Hashable {
    let minutes: Set<Int>
    let hours: Set<Int>
    let days: Set<Int>
    let months: Set<Int>
    let weekdays: Set<Int>
    let daysRestricted: Bool
    let weekdaysRestricted: Bool

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(parsing text: String) throws(ParseError) {
        let fields = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard fields.count == 5 else { throw ParseError(description: "'\(text)': a cron expression has five fields (minute hour day month weekday), not \(fields.count)") }
        let names = ["minute", "hour", "day of month", "month", "day of week"]
        let bounds = [(0, 59), (0, 23), (1, 31), (1, 12), (0, 7)]
        var sets: [Set<Int>] = []
        for (index, field) in fields.enumerated() {
            var values = Set<Int>()
            for part in field.split(separator: ",", omittingEmptySubsequences: false) {
                let pieces = part.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                var step = 1
                if pieces.count == 2 {
                    guard let s = Int(pieces[1]), s > 0 else { throw ParseError(description: "'\(text)': \(names[index]) step '\(pieces[1])' is not a positive number") }
                    step = s
                }
                let (low, high) = bounds[index]
                var range: ClosedRange<Int>
                if pieces[0] == "*" {
                    range = low...high
                } else if let dash = pieces[0].firstIndex(of: "-") {
                    guard let a = Int(pieces[0][..<dash]), let b = Int(pieces[0][pieces[0].index(after: dash)...]), a <= b else {
                        throw ParseError(description: "'\(text)': \(names[index]) range '\(pieces[0])' is not a-b with a ≤ b")
                    }
                    range = a...b
                } else if let single = Int(pieces[0]) {
                    range = single...(pieces.count == 2 ? high : single)
                } else {
                    throw ParseError(description: "'\(text)': \(names[index]) '\(part)' is not *, a number, a range or a list")
                }
                guard range.lowerBound >= low, range.upperBound <= high else { throw ParseError(description: "'\(text)': \(names[index]) '\(part)' is outside \(low)–\(high)") }
                values.formUnion(stride(from: range.lowerBound, through: range.upperBound, by: step))
            }
            sets.append(values)
        }
        minutes = sets[0]
        hours = sets[1]
        days = sets[2]
        months = sets[3]
        weekdays = Set(sets[4].map { $0 % 7 })
        daysRestricted = fields[2] != "*"
        weekdaysRestricted = fields[4] != "*"
    }

    /// Whether the KST minute starting at `time` matches.
    public func matches(_ time: Timestamp) -> Bool {
        let local = time.nanoseconds / 1_000_000_000 + Int64(KRXSessions.utcOffsetSeconds)
        let minuteOfDay = Int(((local % 86_400) + 86_400) % 86_400) / 60
        let date = CivilDate(time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        guard minutes.contains(minuteOfDay % 60), hours.contains(minuteOfDay / 60), months.contains(date.month) else { return false }
        let dayMatch = days.contains(date.day), weekdayMatch = weekdays.contains(date.weekday % 7)
        switch (daysRestricted, weekdaysRestricted) {
        case (true, true): return dayMatch || weekdayMatch
        case (true, false): return dayMatch
        case (false, true): return weekdayMatch
        case (false, false): return true
        }
    }

    /// The first matching minute after `time` (within five years, or nil).
    public func next(after time: Timestamp) -> Timestamp? {
        let minute: Int64 = 60_000_000_000
        var candidate = Timestamp(nanoseconds: (time.nanoseconds / minute + 1) * minute)
        for _ in 0..<(5 * 366 * 24 * 60) {
            if matches(candidate) { return candidate }
            candidate = Timestamp(nanoseconds: candidate.nanoseconds + minute)
        }
        return nil
    }
}
