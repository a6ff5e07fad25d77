/// Bollinger bands: an SMA of `period` values and bands `upper`/`lower` standard deviations
/// (population) away, computed as TA-Lib's BBANDS with an SMA. Warm-up: period − 1 values.
public struct BollingerBands: SeriesIndicator, Sendable, Hashable {
    public typealias Output = Value

    public struct Value: Sendable, Hashable {
        public var upper: Double
        public var middle: Double
        public var lower: Double
    }

    public let period: Int
    public let upperDeviations: Double
    public let lowerDeviations: Double
    private var average: SMA
    private var window: RingBuffer
    private var totalSquares = 0.0

    public init(period: Int = 20, upper: Double = 2, lower: Double = 2) {
        precondition(period >= 2, "Bollinger bands need a period of at least 2, not \(period)")
        self.period = period
        upperDeviations = upper
        lowerDeviations = lower
        average = SMA(period: period)
        window = RingBuffer(capacity: period)
    }

    public mutating func update(value: Double) -> Value? {
        totalSquares += value * value
        window.append(value)
        guard let middle = average.update(value: value) else { return nil }
        var variance = totalSquares / Double(period)
        let trailing = window.oldest
        totalSquares -= trailing * trailing
        variance -= middle * middle
        let deviation = variance < 0.000_000_01 ? 0 : variance.squareRoot()
        if upperDeviations == lowerDeviations {
            let width = upperDeviations == 1 ? deviation : deviation * upperDeviations
            return Value(upper: middle + width, middle: middle, lower: middle - width)
        }
        return Value(upper: middle + deviation * upperDeviations, middle: middle, lower: middle - deviation * lowerDeviations)
    }
}
