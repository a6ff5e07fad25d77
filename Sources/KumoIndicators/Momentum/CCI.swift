/// Commodity channel index over `period` bars: (TP − SMA(TP)) / (0.015 · mean deviation), with
/// TP the typical price; 0 when the deviation is 0 (TA-Lib). Warm-up: period − 1 bars.
/// The mean deviation needs the whole window, so each update costs O(period).
public struct CCI: Indicator, Sendable, Hashable {
    public let period: Int
    private var window: RingBuffer

    public init(period: Int = 14) {
        precondition(period >= 2, "CCI needs a period of at least 2, not \(period)")
        self.period = period
        window = RingBuffer(capacity: period)
    }

    public mutating func update(_ bar: IndicatorBar) -> Double? {
        let typical = (bar.high + bar.low + bar.close) / 3
        window.append(typical)
        guard window.isFull else { return nil }
        var total = 0.0
        for age in stride(from: period - 1, through: 0, by: -1) { total += window[back: age] }
        let average = total / Double(period)
        var deviation = 0.0
        for age in stride(from: period - 1, through: 0, by: -1) { deviation += abs(window[back: age] - average) }
        let distance = typical - average
        guard distance != 0, deviation != 0 else { return 0 }
        return distance / (0.015 * (deviation / Double(period)))
    }
}
