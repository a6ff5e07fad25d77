public import KumoCore

/// What a strategy asks for: an order, optionally with a client id (a repeat with the same id
/// returns the first order), an OCO group, or a bracket's take-profit and stop-loss exits.
public struct OrderRequest: Sendable, Hashable {
    public var symbol: Symbol
    public var side: OrderSide
    public var quantity: Int64
    public var type: OrderType
    public var timeInForce: TimeInForce
    public var clientID: String?
    public var ocoGroup: String?
    /// Bracket exits: a limit sell here once the (buy) entry fills…
    public var takeProfit: Price?
    /// …and a stop sell here, the two cancelling each other.
    public var stopLoss: Price?
    /// Where to send it; nil: KRX.
    public var route: OrderRoute?

    public init(
        symbol: Symbol, side: OrderSide, quantity: Int64, type: OrderType = .market, timeInForce: TimeInForce = .day, clientID: String? = nil,
        ocoGroup: String? = nil, takeProfit: Price? = nil, stopLoss: Price? = nil, route: OrderRoute? = nil
    ) {
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.type = type
        self.timeInForce = timeInForce
        self.clientID = clientID
        self.ocoGroup = ocoGroup
        self.takeProfit = takeProfit
        self.stopLoss = stopLoss
        self.route = route
    }
}
