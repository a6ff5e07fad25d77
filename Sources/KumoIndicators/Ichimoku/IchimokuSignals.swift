/// The states traders read off an Ichimoku chart, bar by bar: price against the cloud, the
/// tenkan/kijun cross, and the lagging span against the price it is drawn beside.
public struct IchimokuSignals: Indicator, Sendable, Hashable {
    /// Where a price stands against a level or a band.
    public enum Position: String, Sendable, Hashable { case above, inside, below }
    /// A cross of the conversion line over the base line.
    public enum Cross: String, Sendable, Hashable { case bullish, bearish }

    public struct Value: Sendable, Hashable {
        public var lines: Ichimoku.Value
        /// The close against the cloud drawn on this bar.
        public var priceVsCloud: Position?
        /// Whether the cloud drawn on this bar is bullish (span A ≥ span B).
        public var isCloudBullish: Bool?
        public var cloudThickness: Double?
        /// A tenkan/kijun cross on this bar.
        public var tkCross: Cross?
        /// This close (the lagging span) against the close `displacement` bars back, where it is drawn.
        public var chikouVsPrice: Position?
    }

    private var ichimoku: Ichimoku
    private var closes: RingBuffer
    private var wasTenkanAbove: Bool?

    public init(ichimoku: Ichimoku = Ichimoku()) {
        self.ichimoku = ichimoku
        closes = RingBuffer(capacity: ichimoku.displacement + 1)
    }

    public mutating func update(_ bar: IndicatorBar) -> Value? {
        closes.append(bar.close)
        guard let lines = ichimoku.update(bar) else { return nil }
        var value = Value(lines: lines)
        if let cloud = lines.cloud {
            value.priceVsCloud = bar.close > cloud.top ? .above : bar.close < cloud.bottom ? .below : .inside
            value.isCloudBullish = cloud.isBullish
            value.cloudThickness = cloud.top - cloud.bottom
        }
        if let tenkan = lines.tenkan, let kijun = lines.kijun, tenkan != kijun {
            let isAbove = tenkan > kijun
            if let was = wasTenkanAbove, was != isAbove { value.tkCross = isAbove ? .bullish : .bearish }
            wasTenkanAbove = isAbove
        }
        if closes.isFull {
            let then = closes.oldest
            value.chikouVsPrice = bar.close > then ? .above : bar.close < then ? .below : .inside
        }
        return value
    }
}
