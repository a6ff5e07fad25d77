public import KumoCore

/// An execution: part or all of an order, at one price, with its costs.
public struct Fill: Sendable, Hashable, Codable {
    public var order: ClientOrderID
    public var strategy: String
    public var symbol: Symbol
    public var side: OrderSide
    public var quantity: Int64
    public var price: Price
    public var commission: Price
    public var tax: Price
    public var time: Timestamp
    /// The venue it traded on; nil where only KRX was possible (the default route, older journals).
    public var venue: TradingVenue?

    public init(
        order: ClientOrderID, strategy: String, symbol: Symbol, side: OrderSide, quantity: Int64, price: Price, commission: Price,
        tax: Price, time: Timestamp, venue: TradingVenue? = nil
    ) {
        self.order = order
        self.strategy = strategy
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.price = price
        self.commission = commission
        self.tax = tax
        self.time = time
        self.venue = venue
    }

    /// Whether it is reconciliation's correction of a position to the broker's (booked on the account, in no strategy's book).
    public var isCorrection: Bool { order.value.hasPrefix("reconcile-") }

    /// Price × quantity, exactly.
    public var notional: Price {
        let (value, overflow) = price.micros.multipliedReportingOverflow(by: quantity)
        precondition(!overflow, "Fill value overflows: \(price) × \(quantity)")
        return Price(micros: value)
    }
}
