/// The slope of the least-squares line through the last `period` values, per bar, with TA-Lib's
/// sums (recomputed over the window: O(period) per update). Warm-up: period − 1 values.
public struct LinearRegressionSlope: SeriesIndicator, Sendable, Hashable {
    public typealias Output = Double

    public let period: Int
    private var window: RingBuffer
    private let sumX: Double
    private let divisor: Double

    public init(period: Int = 14) {
        precondition(period >= 2, "A regression needs a period of at least 2, not \(period)")
        self.period = period
        window = RingBuffer(capacity: period)
        let n = Double(period)
        sumX = n * (n - 1) * 0.5
        let sumXSquared = n * (n - 1) * (2 * n - 1) / 6
        divisor = sumX * sumX - n * sumXSquared
    }

    public mutating func update(value: Double) -> Double? {
        window.append(value)
        guard window.isFull else { return nil }
        var sumXY = 0.0
        var sumY = 0.0
        for age in stride(from: period - 1, through: 0, by: -1) {
            let y = window[back: age]
            sumY += y
            sumXY += Double(age) * y
        }
        return (Double(period) * sumXY - sumX * sumY) / divisor
    }
}
