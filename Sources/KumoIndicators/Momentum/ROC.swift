/// Rate of change over `period` values, in percent: (value / value n back − 1) · 100; 0 when
/// the old value is 0 (TA-Lib). Warm-up: `period` values.
public struct ROC: SeriesIndicator, Sendable, Hashable {
    public typealias Output = Double

    public let period: Int
    private var window: RingBuffer

    public init(period: Int = 10) {
        precondition(period >= 1, "ROC needs a period of at least 1, not \(period)")
        self.period = period
        window = RingBuffer(capacity: period + 1)
    }

    public mutating func update(value: Double) -> Double? {
        window.append(value)
        guard window.isFull else { return nil }
        let old = window.oldest
        return old != 0 ? (value / old - 1.0) * 100.0 : 0
    }
}
