public import KumoCore
public import KumoRisk

/// How the engine trades: starting cash, costs, the venue's assumptions, the host's risk rules,
/// and how the account is shared between strategies.
public struct EngineConfiguration: Sendable {
    public var cash: Price
    public var costs: CostModel
    /// The market of a symbol: six-digit codes are KRX listings (KOSPI unless told), others foreign.
    public var markets: [Symbol: Market]
    /// The host's pre-trade limits.
    public var risk: RiskLimits
    /// Slippage, volume participation and the other fill assumptions of the simulated exchange.
    public var venue: VenueModel
    /// Stops the host attaches to every position, whatever the strategy asks.
    public var protection: Protection?
    /// Strategies given their own slice of cash, by name; the others share the account.
    public var allocations: [String: Price]
    /// How many past bars per symbol `history` keeps.
    public var historyDepth: Int
    /// Order ids named by the event and the order's place in it (`name-e42.1`), as the live
    /// engine needs to recognise an order it placed before a crash; a backtest numbers them.
    public var eventScopedOrderIDs = false
    /// Whether the kernel keeps every closed order and every fill, as a backtest's report needs.
    /// Off, its memory stays flat however many bars a run replays (a parameter sweep, a scaling
    /// run): a closed order is forgotten at the next prune and fills reach only the strategies,
    /// the journal and the books; a client id of a forgotten order then names a new order.
    public var retainsHistory = true

    public init(
        cash: Price = Price(units: 10_000_000), costs: CostModel = CostModel(), markets: [Symbol: Market] = [:], risk: RiskLimits = RiskLimits(),
        venue: VenueModel = VenueModel(), protection: Protection? = nil, allocations: [String: Price] = [:], historyDepth: Int = 1000
    ) {
        self.cash = cash
        self.costs = costs
        self.markets = markets
        self.risk = risk
        self.venue = venue
        self.protection = protection
        self.allocations = allocations
        self.historyDepth = historyDepth
    }

    public func market(of symbol: Symbol) -> Market {
        if let market = markets[symbol] { return market }
        return symbol.code.count == 6 && symbol.code.allSatisfy(\.isNumber) ? .kospi : .foreign
    }
}

/// Host-side exits attached to a position, as fractions of its average price: a stop-loss below,
/// a take-profit above, a trailing stop under the highest price since. The host keeps them as
/// orders the script cannot cancel, resized with the position.
public struct Protection: Sendable, Hashable {
    public var stopLoss: Double?
    public var takeProfit: Double?
    public var trailing: Double?

    public init(stopLoss: Double? = nil, takeProfit: Double? = nil, trailing: Double? = nil) {
        self.stopLoss = stopLoss
        self.takeProfit = takeProfit
        self.trailing = trailing
    }

    public var isEmpty: Bool { stopLoss == nil && takeProfit == nil && trailing == nil }

    /// The tighter of two protections, leg by leg: a script may tighten the host's exits, never loosen them.
    public func tightened(by other: Protection?) -> Protection {
        guard let other else { return self }
        func tighter(_ a: Double?, _ b: Double?) -> Double? { a.flatMap { x in b.map { min(x, $0) } ?? x } ?? b }
        return Protection(stopLoss: tighter(stopLoss, other.stopLoss), takeProfit: tighter(takeProfit, other.takeProfit), trailing: tighter(trailing, other.trailing))
    }
}
