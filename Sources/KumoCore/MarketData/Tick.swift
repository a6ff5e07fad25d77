/// One trade print.
public struct Tick: Sendable, Hashable {
    public enum Side: String, Sendable, Hashable { case buy, sell }

    public var time: Timestamp
    public var price: Price
    public var quantity: Int64
    /// The aggressor's side, when the feed says.
    public var side: Side?

    public init(time: Timestamp, price: Price, quantity: Int64, side: Side? = nil) {
        precondition(quantity > 0, "A trade has a positive quantity, not \(quantity)")
        self.time = time
        self.price = price
        self.quantity = quantity
        self.side = side
    }
}

/// The best bid and ask, and the deeper levels when the feed has them (KRX publishes ten).
public struct Quote: Sendable, Hashable {
    /// One price level of the order book.
    public struct Level: Sendable, Hashable {
        public var price: Price
        public var quantity: Int64

        public init(price: Price, quantity: Int64) {
            self.price = price
            self.quantity = quantity
        }
    }

    public var time: Timestamp
    /// Best first.
    public var bids: [Level]
    /// Best first.
    public var asks: [Level]

    public init(time: Timestamp, bids: [Level], asks: [Level]) {
        self.time = time
        self.bids = bids
        self.asks = asks
    }

    /// The midpoint of the best bid and ask, when both exist.
    public var mid: Price? {
        guard let bid = bids.first?.price, let ask = asks.first?.price else { return nil }
        return Price(micros: (bid.micros + ask.micros) / 2)
    }
}
