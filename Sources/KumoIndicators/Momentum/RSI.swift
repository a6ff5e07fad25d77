/// Wilder's relative strength index, as TA-Lib computes it: the first `period` changes averaged
/// plainly, then Wilder smoothing. Warm-up: `period` values (one change per value after the first).
public struct RSI: SeriesIndicator, Sendable, Hashable {
    public typealias Output = Double

    public let period: Int
    private var previous: Double?
    private var averageGain = 0.0
    private var averageLoss = 0.0
    private var changes = 0

    public init(period: Int) {
        precondition(period >= 2, "RSI needs a period of at least 2, not \(period)")
        self.period = period
    }

    public mutating func update(value: Double) -> Double? {
        defer { previous = value }
        guard let previous else { return nil }
        let change = value - previous
        let n = Double(period)
        changes += 1
        if changes <= period {
            if change < 0 { averageLoss -= change } else { averageGain += change }
            guard changes == period else { return nil }
            averageGain /= n
            averageLoss /= n
        } else {
            averageGain *= n - 1
            averageLoss *= n - 1
            if change < 0 { averageLoss -= change } else { averageGain += change }
            averageGain /= n
            averageLoss /= n
        }
        let total = averageGain + averageLoss
        return isTALibZero(total) ? 0 : 100.0 * (averageGain / total)
    }
}
