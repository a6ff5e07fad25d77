/// One bar of market data: exact OHLC prices, volume in shares and, when the source has it,
/// the value traded. `time` is the bar's opening instant (for daily bars, 00:00 Asia/Seoul of
/// the trading day, or 00:00 UTC for sources without a time zone).
public struct Bar: Sendable, Hashable {
    public var time: Timestamp
    public var open: Price
    public var high: Price
    public var low: Price
    public var close: Price
    public var volume: Int64
    public var value: Price?

    public init(time: Timestamp, open: Price, high: Price, low: Price, close: Price, volume: Int64, value: Price? = nil) {
        self.time = time
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.value = value
    }

    /// Whether low ≤ open, close ≤ high and the prices are positive.
    public var isConsistent: Bool {
        low.micros > 0 && low <= open && low <= close && open <= high && close <= high
    }
}
