/// The true range of a bar against the previous close (TA-Lib's TRANGE).
@inline(__always) func trueRange(high: Double, low: Double, previousClose: Double) -> Double {
    var range = high - low
    let up = abs(high - previousClose)
    if up > range { range = up }
    let down = abs(low - previousClose)
    if down > range { range = down }
    return range
}

/// Wilder's average true range: the SMA of the first `period` true ranges, then Wilder
/// smoothing. Warm-up: `period` bars (the first bar has no true range).
public struct ATR: Indicator, Sendable, Hashable {
    public let period: Int
    private var previousClose: Double?
    private var seed: SMA
    private var current: Double?

    public init(period: Int = 14) {
        precondition(period >= 1, "ATR needs a period of at least 1, not \(period)")
        self.period = period
        seed = SMA(period: period)
    }

    public mutating func update(_ bar: IndicatorBar) -> Double? {
        defer { previousClose = bar.close }
        guard let previousClose else { return nil }
        let range = trueRange(high: bar.high, low: bar.low, previousClose: previousClose)
        if let average = current {
            let n = Double(period)
            current = (average * (n - 1) + range) / n
        } else {
            current = seed.update(value: range)
        }
        return current
    }
}
