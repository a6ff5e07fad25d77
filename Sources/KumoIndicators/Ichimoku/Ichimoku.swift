/// Ichimoku Kinko Hyo's five lines, streaming. Each bar yields the lines computed on it and the
/// cloud drawn on it (the leading spans computed `displacement` bars earlier). The lagging span
/// (chikou) is this bar's close drawn `displacement` bars back, so for bar t it is known only at
/// t + displacement: ``values(over:)`` fills it in; a stream reads ``Value/chikouPlottedAt``.
public struct Ichimoku: Indicator, Sendable, Hashable {
    public struct Value: Sendable, Hashable {
        /// Conversion line: midpoint of the last `tenkanPeriod` highs and lows.
        public var tenkan: Double?
        /// Base line: midpoint over `kijunPeriod` bars.
        public var kijun: Double?
        /// (tenkan + kijun) / 2 computed on this bar, drawn `displacement` bars ahead.
        public var senkouALead: Double?
        /// Midpoint over `senkouPeriod` bars computed on this bar, drawn ahead.
        public var senkouBLead: Double?
        /// The cloud's span A drawn on this bar (computed `displacement` bars ago).
        public var senkouA: Double?
        /// The cloud's span B drawn on this bar.
        public var senkouB: Double?
        /// The close `displacement` bars later, drawn on this bar; set by batch computation only.
        public var chikou: Double?
        /// How many bars back this bar's close is drawn as the lagging span.
        public var chikouPlottedAt: Int

        /// The cloud drawn on this bar: top, bottom, and whether it is bullish (span A ≥ span B).
        public var cloud: (top: Double, bottom: Double, isBullish: Bool)? {
            guard let a = senkouA, let b = senkouB else { return nil }
            return (max(a, b), min(a, b), a >= b)
        }

        /// The cloud's thickness |span A − span B|.
        public var thickness: Double? { cloud.map { $0.top - $0.bottom } }
    }

    public let tenkanPeriod: Int
    public let kijunPeriod: Int
    public let senkouPeriod: Int
    public let displacement: Int
    private var tenkanRange: RollingRange
    private var kijunRange: RollingRange
    private var senkouRange: RollingRange
    /// The leading spans of the last `displacement` bars (NaN while warming up), in a ring.
    private var leads: [Spans]

    private struct Spans: Sendable, Hashable {
        var a: Double
        var b: Double
    }
    private var slot = 0

    public init(tenkan: Int = 9, kijun: Int = 26, senkou: Int = 52, displacement: Int? = nil) {
        precondition(tenkan >= 1 && kijun >= 1 && senkou >= 1, "Ichimoku periods must be positive")
        tenkanPeriod = tenkan
        kijunPeriod = kijun
        senkouPeriod = senkou
        self.displacement = displacement ?? kijun
        precondition(self.displacement >= 1, "The displacement must be positive")
        tenkanRange = RollingRange(period: tenkan)
        kijunRange = RollingRange(period: kijun)
        senkouRange = RollingRange(period: senkou)
        leads = Array(repeating: Spans(a: .nan, b: .nan), count: self.displacement)
    }

    public mutating func update(_ bar: IndicatorBar) -> Value? {
        let tenkan = tenkanRange.midpoint(high: bar.high, low: bar.low)
        let kijun = kijunRange.midpoint(high: bar.high, low: bar.low)
        let spanB = senkouRange.midpoint(high: bar.high, low: bar.low)
        let spanA: Double? = if let tenkan, let kijun { (tenkan + kijun) / 2 } else { nil }
        let drawn = leads[slot]  // computed `displacement` bars ago
        leads[slot] = Spans(a: spanA ?? .nan, b: spanB ?? .nan)
        slot += 1
        if slot == displacement { slot = 0 }
        return Value(
            tenkan: tenkan, kijun: kijun, senkouALead: spanA, senkouBLead: spanB,
            senkouA: drawn.a.isNaN ? nil : drawn.a, senkouB: drawn.b.isNaN ? nil : drawn.b,
            chikou: nil, chikouPlottedAt: displacement)
    }

    /// The batch form, with each bar's lagging span filled from the close `displacement` bars later.
    public func values(over bars: [IndicatorBar]) -> [Value?] {
        var copy = self
        var values = bars.map { copy.update($0) }
        for index in values.indices where index + displacement < bars.count {
            values[index]?.chikou = bars[index + displacement].close
        }
        return values
    }
}
