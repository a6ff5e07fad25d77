/// Double exponential moving average: 2·EMA − EMA(EMA). Warm-up: 2·(period − 1) values.
public struct DEMA: SeriesIndicator, Sendable, Hashable {
    public typealias Output = Double

    public let period: Int
    private var first: EMA
    private var second: EMA

    public init(period: Int) {
        self.period = period
        first = EMA(period: period)
        second = EMA(period: period)
    }

    public mutating func update(value: Double) -> Double? {
        guard let e1 = first.update(value: value), let e2 = second.update(value: e1) else { return nil }
        return 2.0 * e1 - e2
    }
}

/// Triple exponential moving average: 3·EMA − 3·EMA(EMA) + EMA(EMA(EMA)). Warm-up: 3·(period − 1).
public struct TEMA: SeriesIndicator, Sendable, Hashable {
    public typealias Output = Double

    public let period: Int
    private var first: EMA
    private var second: EMA
    private var third: EMA

    public init(period: Int) {
        self.period = period
        first = EMA(period: period)
        second = EMA(period: period)
        third = EMA(period: period)
    }

    public mutating func update(value: Double) -> Double? {
        guard let e1 = first.update(value: value), let e2 = second.update(value: e1), let e3 = third.update(value: e2)
        else { return nil }
        return 3.0 * e1 - 3.0 * e2 + e3
    }
}
