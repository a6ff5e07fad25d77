public import KumoCore

/// One order smart routing sends: where, how much, at what price, and why there.
public struct RoutedSlice: Sendable, Hashable, CustomStringConvertible {
    public var venue: TradingVenue
    public var quantity: Int64
    /// A taking slice's limit is the worst level it was sized on, so it cannot walk the book past
    /// what was seen; a resting slice's is the parent's limit; nil for
    /// a market order (KRX only: NXT takes none).
    public var price: Price?
    /// Whether it takes displayed liquidity (true) or rests in the book.
    public var takesLiquidity: Bool
    /// The reason in a sentence: which price, queue or fee decided.
    public var reason: String

    public init(venue: TradingVenue, quantity: Int64, price: Price?, takesLiquidity: Bool, reason: String) {
        self.venue = venue
        self.quantity = quantity
        self.price = price
        self.takesLiquidity = takesLiquidity
        self.reason = reason
    }

    public var description: String { "\(takesLiquidity ? "take" : "rest") \(quantity) @ \(price.map(String.init(describing:)) ?? "market") on \(venue): \(reason)" }
}
