public import KumoCore
public import KumoRisk

/// How the engine trades: starting cash, costs, and which rules the simulated venue enforces.
public struct EngineConfiguration: Sendable {
    public var cash: Price
    public var costs: CostModel
    /// The market of a symbol: six-digit codes are KRX listings (KOSPI unless told), others foreign.
    public var markets: [Symbol: Market]
    /// The host's pre-trade limits.
    public var risk: RiskLimits

    public init(cash: Price = Price(units: 10_000_000), costs: CostModel = CostModel(), markets: [Symbol: Market] = [:], risk: RiskLimits = RiskLimits()) {
        self.cash = cash
        self.costs = costs
        self.markets = markets
        self.risk = risk
    }

    public func market(of symbol: Symbol) -> Market {
        if let market = markets[symbol] { return market }
        return symbol.code.count == 6 && symbol.code.allSatisfy(\.isNumber) ? .kospi : .foreign
    }
}
