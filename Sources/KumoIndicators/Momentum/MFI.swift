/// Money flow index over `period` bars: 100 · positive flow / total flow, flows being typical
/// price × volume signed by the typical price's change; 0 when the total flow is below 1
/// (TA-Lib). Warm-up: `period` bars.
public struct MFI: Indicator, Sendable, Hashable {
    public let period: Int
    private var positive: RingBuffer
    private var negative: RingBuffer
    private var positiveTotal = 0.0
    private var negativeTotal = 0.0
    private var previousTypical: Double?

    public init(period: Int = 14) {
        precondition(period >= 1, "MFI needs a period of at least 1, not \(period)")
        self.period = period
        positive = RingBuffer(capacity: period)
        negative = RingBuffer(capacity: period)
    }

    public mutating func update(_ bar: IndicatorBar) -> Double? {
        let typical = (bar.high + bar.low + bar.close) / 3
        defer { previousTypical = typical }
        guard let previous = previousTypical else { return nil }
        let flow = typical * bar.volume
        let change = typical - previous
        let up = change > 0 ? flow : 0
        let down = change < 0 ? flow : 0
        if let evicted = positive.append(up) { positiveTotal -= evicted }
        if let evicted = negative.append(down) { negativeTotal -= evicted }
        positiveTotal += up
        negativeTotal += down
        guard positive.isFull else { return nil }
        let total = positiveTotal + negativeTotal
        return total < 1 ? 0 : 100.0 * (positiveTotal / total)
    }
}
