/// Simple moving average over `period` values, computed as TA-Lib does (a running total).
///
/// Warm-up: `period - 1` values (the first output is on the `period`-th value).
public struct SMA: SeriesIndicator, Sendable, Hashable {
    public typealias Output = Double

    public let period: Int
    private var window: RingBuffer
    private var total = 0.0

    public init(period: Int) {
        precondition(period >= 1, "SMA needs a period of at least 1, not \(period)")
        self.period = period
        window = RingBuffer(capacity: period)
    }

    public mutating func update(value: Double) -> Double? {
        total += value
        window.append(value)
        guard window.isFull else { return nil }
        let average = total / Double(period)
        total -= window.oldest  // leaves the window next time; subtracted now, as TA-Lib does
        return average
    }
}
