/// Population standard deviation over `period` values times `deviations`, from running sums of
/// values and squares as TA-Lib computes it (0 when the variance is below 1e-8).
/// Warm-up: period − 1 values.
public struct StandardDeviation: SeriesIndicator, Sendable, Hashable {
    public typealias Output = Double

    public let period: Int
    public let deviations: Double
    private var window: RingBuffer
    private var total = 0.0
    private var totalSquares = 0.0

    public init(period: Int = 20, deviations: Double = 1) {
        precondition(period >= 2, "A standard deviation needs a period of at least 2, not \(period)")
        self.period = period
        self.deviations = deviations
        window = RingBuffer(capacity: period)
    }

    public mutating func update(value: Double) -> Double? {
        total += value
        totalSquares += value * value
        window.append(value)
        guard window.isFull else { return nil }
        let mean = total / Double(period)
        let meanOfSquares = totalSquares / Double(period)
        let trailing = window.oldest
        total -= trailing
        totalSquares -= trailing * trailing
        let variance = meanOfSquares - mean * mean
        return variance < 0.000_000_01 ? 0 : variance.squareRoot() * deviations
    }
}
