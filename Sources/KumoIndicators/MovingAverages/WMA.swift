/// Linearly weighted moving average (weights 1…period, newest heaviest), with TA-Lib's running
/// sums. Warm-up: `period - 1` values.
public struct WMA: SeriesIndicator, Sendable, Hashable {
    public typealias Output = Double

    public let period: Int
    private let divider: Double
    private var window: RingBuffer
    private var periodSum = 0.0
    private var periodSub = 0.0
    private var trailing = 0.0
    private var seen = 0

    public init(period: Int) {
        precondition(period >= 1, "WMA needs a period of at least 1, not \(period)")
        self.period = period
        divider = Double(period * (period + 1) / 2)
        window = RingBuffer(capacity: period)
    }

    public mutating func update(value: Double) -> Double? {
        window.append(value)
        seen += 1
        if seen < period {
            periodSub += value
            periodSum += value * Double(seen)
            return nil
        }
        periodSub += value
        periodSub -= trailing
        periodSum += value * Double(period)
        trailing = window.oldest
        let average = periodSum / divider
        periodSum -= periodSub
        return average
    }
}
