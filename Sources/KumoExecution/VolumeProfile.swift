public import KumoCore

/// The share of a session's volume that trades in each minute of the day, learned from minute
/// bars (the average over days of each minute's share of its day): KRX's U shape, heavy at the
/// open and the close. Minutes are counted from 09:00 KST; the closing auction is its own minute.
public struct VolumeProfile: Sendable, Hashable {
    /// Share by minute of the session (summing to 1).
    public private(set) var shares: [Double]

    public init(shares: [Double]) {
        let total = shares.reduce(0, +)
        self.shares = total > 0 ? shares.map { $0 / total } : shares
    }

    /// Learns from whole days of minute bars (days with no volume are skipped).
    public init(learning bars: [Bar]) {
        var sums: [Double] = []
        var days = 0
        for day in Self.days(bars) {
            let total = Double(day.reduce(0) { $0 + $1.volume })
            guard total > 0 else { continue }
            days += 1
            for bar in day {
                let minute = Self.minute(of: bar.time)
                if minute >= sums.count { sums += [Double](repeating: 0, count: minute + 1 - sums.count) }
                sums[minute] += Double(bar.volume) / total
            }
        }
        self.init(shares: sums.map { $0 / Double(max(days, 1)) })
    }

    /// Minutes since 09:00 KST of `time`.
    public static func minute(of time: Timestamp) -> Int {
        let seconds = Int((time.nanoseconds / 1_000_000_000 + Int64(KRXSessions.utcOffsetSeconds)) % 86_400)
        return max(0, (seconds - 9 * 3_600) / 60)
    }

    /// Bars grouped by KST day, in order.
    public static func days(_ bars: [Bar]) -> [[Bar]] {
        var days: [[Bar]] = []
        var current: CivilDate?
        for bar in bars {
            let date = CivilDate(bar.time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
            if date != current {
                days.append([])
                current = date
            }
            days[days.count - 1].append(bar)
        }
        return days
    }

    /// The volume expected in `minute` of a parent that started at `start` and has seen `recent`
    /// minutes' volumes: the day's volume implied by those minutes (their volume over their
    /// expected share) times the minute's share; without a profile, the last five minutes'
    /// average; infinite before any minute is seen.
    public static func forecast(_ profile: VolumeProfile?, minute: Int, start: Int, recent: [Double]) -> Double {
        guard !recent.isEmpty else { return .infinity }
        if let profile {
            let seen = (start..<minute).reduce(0.0) { $0 + profile.share(at: $1) }
            if seen > 0 { return recent.reduce(0, +) / seen * profile.share(at: minute) }
        }
        return recent.suffix(5).reduce(0, +) / Double(min(recent.count, 5))
    }

    /// A minute's typical price, (high + low + close) / 3: the price its volume is taken to have
    /// traded at, for fills in the simulator and for the interval VWAP.
    public static func typicalPrice(_ bar: Bar) -> Double { (bar.high.doubleValue + bar.low.doubleValue + bar.close.doubleValue) / 3 }

    /// The expected share of volume in minute `minute` (0 outside the profile).
    public func share(at minute: Int) -> Double { shares.indices.contains(minute) ? shares[minute] : 0 }
}
