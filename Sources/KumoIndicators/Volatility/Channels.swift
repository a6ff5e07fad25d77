/// A price channel: an upper and a lower band around a middle line.
public struct Channel: Sendable, Hashable {
    public var upper: Double
    public var middle: Double
    public var lower: Double

    public init(upper: Double, middle: Double, lower: Double) {
        self.upper = upper
        self.middle = middle
        self.lower = lower
    }
}

/// Donchian channel: the highest high and lowest low of `period` bars and their midpoint.
/// Warm-up: period − 1 bars.
public struct DonchianChannel: Indicator, Sendable, Hashable {
    private var range: RollingRange

    public init(period: Int = 20) { range = RollingRange(period: period) }

    public mutating func update(_ bar: IndicatorBar) -> Channel? {
        guard let (high, low) = range.update(high: bar.high, low: bar.low) else { return nil }
        return Channel(upper: high, middle: (high + low) / 2, lower: low)
    }
}

/// Keltner channel (Raschke's form): an EMA of the close, bands `multiplier` ATRs away.
/// Warm-up: the longer of the EMA's (period − 1) and the ATR's (atrPeriod) bars.
public struct KeltnerChannel: Indicator, Sendable, Hashable {
    private var average: EMA
    private var range: ATR
    public let multiplier: Double

    public init(period: Int = 20, atrPeriod: Int = 10, multiplier: Double = 2) {
        average = EMA(period: period)
        range = ATR(period: atrPeriod)
        self.multiplier = multiplier
    }

    public mutating func update(_ bar: IndicatorBar) -> Channel? {
        let middle = average.update(value: bar.close)
        let width = range.update(bar)
        guard let middle, let width else { return nil }
        return Channel(upper: middle + multiplier * width, middle: middle, lower: middle - multiplier * width)
    }
}
