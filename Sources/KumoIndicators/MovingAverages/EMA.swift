/// Exponential moving average with k = 2 / (period + 1), seeded with the SMA of the first
/// `period` values (TA-Lib's default). Warm-up: `period - 1` values.
public struct EMA: SeriesIndicator, Sendable, Hashable {
    public typealias Output = Double

    public let period: Int
    public let k: Double
    private var seedTotal = 0.0
    private var seen = 0
    private(set) var current: Double?

    public init(period: Int) {
        precondition(period >= 1, "EMA needs a period of at least 1, not \(period)")
        self.period = period
        k = 2.0 / Double(period + 1)
    }

    public mutating func update(value: Double) -> Double? {
        if let previous = current {
            let next = (value - previous) * k + previous
            current = next
            return next
        }
        seedTotal += value
        seen += 1
        guard seen == period else { return nil }
        current = seedTotal / Double(period)
        return current
    }
}
