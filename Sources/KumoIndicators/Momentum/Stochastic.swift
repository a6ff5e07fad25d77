/// The slow stochastic oscillator: %K over `fastK` bars smoothed by an SMA of `slowK`, and %D,
/// an SMA of `slowD` of that. Warm-up: fastK − 1 + slowK − 1 + slowD − 1 bars (17 for 14/3/3).
public struct Stochastic: Indicator, Sendable, Hashable {
    public struct Value: Sendable, Hashable {
        public var k: Double
        public var d: Double
    }

    private var range: RollingRange
    private var smoothK: SMA
    private var smoothD: SMA

    public init(fastK: Int = 14, slowK: Int = 3, slowD: Int = 3) {
        range = RollingRange(period: fastK)
        smoothK = SMA(period: slowK)
        smoothD = SMA(period: slowD)
    }

    public mutating func update(_ bar: IndicatorBar) -> Value? {
        guard let (high, low) = range.update(high: bar.high, low: bar.low) else { return nil }
        let width = (high - low) / 100.0
        let fastK = width != 0 ? (bar.close - low) / width : 0
        guard let k = smoothK.update(value: fastK), let d = smoothD.update(value: k) else { return nil }
        return Value(k: k, d: d)
    }
}

/// Williams %R over `period` bars: −100 · (highest high − close) / (highest high − lowest low).
/// Warm-up: period − 1 bars.
public struct WilliamsR: Indicator, Sendable, Hashable {
    private var range: RollingRange

    public init(period: Int = 14) { range = RollingRange(period: period) }

    public mutating func update(_ bar: IndicatorBar) -> Double? {
        guard let (high, low) = range.update(high: bar.high, low: bar.low) else { return nil }
        let width = (high - low) / -100.0
        return width != 0 ? (high - bar.close) / width : 0
    }
}
