public import KumoCore

/// Groups bars into longer ones: minutes into N-minute bars aligned to the session open, days
/// into weeks (Monday to Sunday) or months, in Korea time. A bar never spans two trading days,
/// so no bar crosses the night, a weekend or a holiday.
public struct BarResampler: Sendable {
    /// The longer timeframe to build.
    public let target: Timeframe
    /// The offset in which days, weeks and sessions are counted (KRX: +9 h).
    public let utcOffsetSeconds: Int
    /// Minutes after midnight where intraday buckets start counting (09:00 for KRX).
    public let sessionStartMinute: Int

    public init(target: Timeframe, utcOffsetSeconds: Int = 9 * 3600, sessionStartMinute: Int = 9 * 60) {
        precondition(target.unit != .tick && target.unit != .second, "Resample into minutes, hours, days, weeks or months, not \(target)")
        self.target = target
        self.utcOffsetSeconds = utcOffsetSeconds
        self.sessionStartMinute = sessionStartMinute
    }

    /// The key of the bucket a bar falls in, and the instant that opens it.
    func bucket(of time: Timestamp) -> (key: Int64, start: Timestamp) {
        let date = CivilDate(time, utcOffsetSeconds: utcOffsetSeconds)
        let dayStart = Timestamp(year: date.year, month: date.month, day: date.day, utcOffsetSeconds: utcOffsetSeconds)!
        switch target.unit {
        case .minute, .hour:
            let width = Int64(target.seconds! / 60)
            let civil = time.civil(utcOffsetSeconds: utcOffsetSeconds)
            let minute = Int64(civil.hour * 60 + civil.minute - sessionStartMinute)
            let index = minute >= 0 ? minute / width : -1 - (-minute - 1) / width  // pre-session minutes get their own buckets
            let start = Timestamp(nanoseconds: dayStart.nanoseconds + (Int64(sessionStartMinute) + index * width) * 60_000_000_000)
            return (Int64(date.daysSince1970) * 100_000 + index, start)
        case .day:
            let day = Int64(date.daysSince1970)
            let index = day.dividedFloor(by: Int64(target.count))
            return (index, dayStart)
        case .week:
            let monday = date.adding(days: 1 - date.weekday)
            let start = Timestamp(year: monday.year, month: monday.month, day: monday.day, utcOffsetSeconds: utcOffsetSeconds)!
            return (Int64(monday.daysSince1970).dividedFloor(by: 7 * Int64(target.count)), start)
        case .month:
            let months = Int64(date.year * 12 + date.month - 1)
            let index = months.dividedFloor(by: Int64(target.count))
            let first = Int(index * Int64(target.count))
            let start = Timestamp(year: first / 12, month: first % 12 + 1, day: 1, utcOffsetSeconds: utcOffsetSeconds)!
            return (index, start)
        case .tick, .second:
            preconditionFailure("unreachable: refused in init")
        }
    }

    /// Builds bars from trades in time order: each trade is a one-price bar of its quantity.
    public func bars(from ticks: [Tick]) -> [Bar] {
        resample(ticks.map { Bar(time: $0.time, open: $0.price, high: $0.price, low: $0.price, close: $0.price, volume: $0.quantity) })
    }

    /// Resamples bars in time order: first open, highest high, lowest low, last close, summed
    /// volume and value; each output bar carries its bucket's opening instant.
    public func resample(_ bars: [Bar]) -> [Bar] {
        var output: [Bar] = []
        var currentKey: Int64?
        for bar in bars {
            let (key, start) = bucket(of: bar.time)
            if key == currentKey, var last = output.popLast() {
                last.high = max(last.high, bar.high)
                last.low = min(last.low, bar.low)
                last.close = bar.close
                last.volume += bar.volume
                if let value = bar.value { last.value = Price(micros: (last.value?.micros ?? 0) + value.micros) }
                output.append(last)
            } else {
                output.append(Bar(time: start, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume, value: bar.value))
                currentKey = key
            }
        }
        return output
    }
}
