/// Moving average convergence/divergence with TA-Lib's alignment: the fast EMA is seeded on the
/// bar where the slow one is, with the SMA of the fast period's last values, so both start
/// together. Warm-up: slow − 1 + signal − 1 values (33 for 12/26/9).
public struct MACD: Indicator, Sendable, Hashable {
    public struct Value: Sendable, Hashable {
        public var macd: Double
        public var signal: Double
        public var histogram: Double
    }

    public let fastPeriod: Int
    public let slowPeriod: Int
    public let signalPeriod: Int
    private var window: RingBuffer
    private var slow: EMA
    private var fast: Double?
    private let fastK: Double
    private var signal: EMA

    public init(fast: Int = 12, slow: Int = 26, signal: Int = 9) {
        precondition(fast >= 1 && slow > fast && signal >= 1, "MACD needs 1 <= fast < slow and signal >= 1")
        fastPeriod = fast
        slowPeriod = slow
        signalPeriod = signal
        window = RingBuffer(capacity: fast)
        self.slow = EMA(period: slow)
        fastK = 2.0 / Double(fast + 1)
        self.signal = EMA(period: signal)
    }

    public mutating func update(_ bar: IndicatorBar) -> Value? { update(value: bar.close) }

    public mutating func update(value: Double) -> Value? {
        window.append(value)
        guard let slowValue = slow.update(value: value) else { return nil }
        let fastValue: Double
        if let previous = fast {
            fastValue = (value - previous) * fastK + previous
        } else {
            var total = 0.0
            for age in stride(from: fastPeriod - 1, through: 0, by: -1) { total += window[back: age] }
            fastValue = total / Double(fastPeriod)
        }
        fast = fastValue
        let line = fastValue - slowValue
        guard let signalValue = signal.update(value: line) else { return nil }
        return Value(macd: line, signal: signalValue, histogram: line - signalValue)
    }
}
