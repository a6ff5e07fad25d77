/// The slow stochastic oscillator: %K over `fastK` bars smoothed by an SMA of `slowK`, and %D,
/// an SMA of `slowD` of that. Warm-up: fastK − 1 + slowK − 1 + slowD − 1 bars (17 for 14/3/3).
public struct Stochastic: Indicator, Sendable, Hashable {
    public struct Value: Sendable, Hashable {
        public var k: Double
        public var d: Double
    }

    private var highest: RollingExtreme
    private var lowest: RollingExtreme
    private var smoothK: SMA
    private var smoothD: SMA

    public init(fastK: Int = 14, slowK: Int = 3, slowD: Int = 3) {
        highest = RollingExtreme(period: fastK, kind: .highest)
        lowest = RollingExtreme(period: fastK, kind: .lowest)
        smoothK = SMA(period: slowK)
        smoothD = SMA(period: slowD)
    }

    public mutating func update(_ bar: IndicatorBar) -> Value? {
        let high = highest.update(bar.high)  // both windows see every bar, warm or not
        let low = lowest.update(bar.low)
        guard let high, let low else { return nil }
        let range = (high - low) / 100.0
        let fastK = range != 0 ? (bar.close - low) / range : 0
        guard let k = smoothK.update(value: fastK), let d = smoothD.update(value: k) else { return nil }
        return Value(k: k, d: d)
    }
}

/// Williams %R over `period` bars: −100 · (highest high − close) / (highest high − lowest low).
/// Warm-up: period − 1 bars.
public struct WilliamsR: Indicator, Sendable, Hashable {
    private var highest: RollingExtreme
    private var lowest: RollingExtreme

    public init(period: Int = 14) {
        highest = RollingExtreme(period: period, kind: .highest)
        lowest = RollingExtreme(period: period, kind: .lowest)
    }

    public mutating func update(_ bar: IndicatorBar) -> Double? {
        let high = highest.update(bar.high)  // both windows see every bar, warm or not
        let low = lowest.update(bar.low)
        guard let high, let low else { return nil }
        let range = (high - low) / -100.0
        return range != 0 ? (high - bar.close) / range : 0
    }
}
