public import KumoCore

/// The host's pre-trade limits. A script cannot change or bypass them; an order that breaks one
/// is refused with the rule's name and numbers.
public struct RiskLimits: Sendable, Hashable {
    /// The most a position in one symbol may be worth after the order (at the order's price).
    public var maxPositionValue: Double?
    /// The most one order may be worth.
    public var maxOrderValue: Double?
    /// The most all positions together may be worth after the order.
    public var maxGrossExposure: Double?
    /// The most orders one strategy may submit per second of engine time.
    public var maxOrdersPerSecond: Int?
    /// The largest fall of equity from the day's start before new orders halt for the day.
    public var maxDailyLoss: Double?
    /// How far (fraction) a limit price may stand from the last trade.
    public var maxPriceDeviation: Double?

    public init(
        maxPositionValue: Double? = nil, maxOrderValue: Double? = nil, maxGrossExposure: Double? = nil, maxOrdersPerSecond: Int? = nil,
        maxDailyLoss: Double? = nil, maxPriceDeviation: Double? = nil
    ) {
        self.maxPositionValue = maxPositionValue
        self.maxOrderValue = maxOrderValue
        self.maxGrossExposure = maxGrossExposure
        self.maxOrdersPerSecond = maxOrdersPerSecond
        self.maxDailyLoss = maxDailyLoss
        self.maxPriceDeviation = maxPriceDeviation
    }
}

/// An order as the risk gate sees it.
public struct OrderIntent: Sendable, Hashable {
    public var strategy: String
    public var symbol: Symbol
    public var isBuy: Bool
    public var quantity: Int64
    /// The limit price, or the last trade for a market order.
    public var price: Double
    public var isLimit: Bool
    public var time: Timestamp

    public init(strategy: String, symbol: Symbol, isBuy: Bool, quantity: Int64, price: Double, isLimit: Bool, time: Timestamp) {
        self.strategy = strategy
        self.symbol = symbol
        self.isBuy = isBuy
        self.quantity = quantity
        self.price = price
        self.isLimit = isLimit
        self.time = time
    }
}

/// What the gate knows of the account when it checks an order.
public struct RiskSnapshot: Sendable {
    /// Signed shares held, by symbol.
    public var positions: [Symbol: Int64]
    /// The last trade, by symbol.
    public var lastPrices: [Symbol: Double]
    public var equity: Double
    /// Equity at the start of the trading day.
    public var dayStartEquity: Double

    public init(positions: [Symbol: Int64], lastPrices: [Symbol: Double], equity: Double, dayStartEquity: Double) {
        self.positions = positions
        self.lastPrices = lastPrices
        self.equity = equity
        self.dayStartEquity = dayStartEquity
    }
}
