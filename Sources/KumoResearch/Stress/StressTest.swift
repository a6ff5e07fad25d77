import Foundation
public import KumoCore

/// Stress scenarios applied to holdings: the loss from the start value to the trough, the worst
/// day, and how many trading days the holdings took to get back to the start value (or, for a
/// synthetic shock, would take at their historical mean daily return).
public struct StressTest: Sendable {
    /// Shares held of one symbol and its daily history (closes and volumes by date).
    public struct Holding: Sendable {
        public var symbol: Symbol
        public var shares: Double
        public var history: [(date: CivilDate, close: Double, volume: Double)]

        public init(symbol: Symbol, shares: Double, history: [(date: CivilDate, close: Double, volume: Double)]) {
            self.symbol = symbol
            self.shares = shares
            self.history = history
        }

        var price: Double { history.last?.close ?? 0 }
        var value: Double { shares * price }
    }

    public struct Row: Sendable {
        public var scenario: String
        /// Start value less the trough, in currency (positive is a loss).
        public var loss: Double
        public var lossFraction: Double
        /// The worst one-day return of the holdings.
        public var worstDay: Double
        /// Trading days from the start until the value came back; nil when the data ends first
        /// (or the mean return is not positive, for a synthetic shock).
        public var daysToRecover: Int?
        public var note: String?
    }

    public var holdings: [Holding]
    public var cash: Double
    /// The market proxy (an index or its ETF) for holdings without data in an episode.
    public var market: [(date: CivilDate, close: Double)]

    public init(holdings: [Holding], cash: Double, market: [(date: CivilDate, close: Double)] = []) {
        self.holdings = holdings
        self.cash = cash
        self.market = market
    }

    public var value: Double { cash + holdings.reduce(0) { $0 + $1.value } }
    var longValue: Double { holdings.reduce(0) { $0 + max($1.value, 0) } }

    public func run(_ scenarios: [StressScenario]) -> [Row] { scenarios.map(run) }

    public func run(_ scenario: StressScenario) -> Row {
        switch scenario.kind {
        case .historical(let from, let to): return historical(scenario.name, from: from, to: to)
        case .gap(let fraction):
            let loss = longValue * fraction
            return Row(scenario: scenario.name, loss: loss, lossFraction: loss / value, worstDay: -loss / value, daysToRecover: recovery(loss), note: nil)
        case .limitDown(let days):
            let loss = longValue * (1 - pow(0.7, Double(days)))
            return Row(scenario: scenario.name, loss: loss, lossFraction: loss / value, worstDay: -0.3 * longValue / value, daysToRecover: recovery(loss),
                       note: "no sell fills for \(days) days at the ±30% limit")
        case .liquidity(let share): return liquidity(scenario.name, share: share)
        case .volatility(let multiple):
            let sigma = portfolioReturns().map { Moments($0).standardDeviation } ?? 0
            let z = Normal.quantile(0.99)
            let loss = value * min(1, z * multiple * sigma * 10.0.squareRoot())
            return Row(scenario: scenario.name, loss: loss, lossFraction: loss / value, worstDay: -min(1, z * multiple * sigma), daysToRecover: recovery(loss),
                       note: String(format: "99%% ten-day VaR at %.2f%% daily volatility", multiple * sigma * 100))
        }
    }

    /// Daily returns of today's holdings over their common history (nil with under 20 days).
    func portfolioReturns() -> [Double]? {
        let dated = holdings.map { Dictionary($0.history.map { ($0.date, $0.close) }, uniquingKeysWith: { $1 }) }
        guard let first = dated.first else { return nil }
        let common = dated.dropFirst().reduce(Set(first.keys)) { $0.intersection($1.keys) }.sorted()
        guard common.count > 20 else { return nil }
        let values = common.map { date in cash + zip(holdings, dated).reduce(0) { $0 + $1.0.shares * $1.1[date]! } }
        return zip(values, values.dropFirst()).map { $1 / $0 - 1 }
    }

    /// Days to earn back `loss` at the holdings' mean daily return.
    func recovery(_ loss: Double) -> Int? {
        guard let returns = portfolioReturns(), loss > 0 else { return loss > 0 ? nil : 0 }
        let mean = returns.reduce(0, +) / Double(returns.count)
        guard mean > 0, loss < value else { return nil }
        return Int((log(value / (value - loss)) / log(1 + mean)).rounded(.up))
    }

    func liquidity(_ name: String, share: Double) -> Row {
        var cost = 0.0
        var slowest = 0.0
        var notes: [String] = []
        for holding in holdings where holding.shares > 0 {
            let recent = holding.history.suffix(20)
            let volume = recent.reduce(0) { $0 + $1.volume } / Double(max(recent.count, 1))
            let closes = holding.history.suffix(61).map(\.close)
            let sigma = Moments(zip(closes, closes.dropFirst()).map { $1 / $0 - 1 }).standardDeviation
            guard volume > 0 else {
                notes.append("\(holding.symbol) has no recent volume")
                continue
            }
            let days = holding.shares / (share * volume)
            slowest = max(slowest, days)
            // Square-root impact of selling all of it, spread over the days it takes.
            cost += holding.value * sigma * (holding.shares / volume).squareRoot()
        }
        let note = String(format: "%.1f trading days to sell everything", slowest) + (notes.isEmpty ? "" : "; " + notes.joined(separator: "; "))
        return Row(scenario: name, loss: cost, lossFraction: cost / value, worstDay: -cost / value / max(1, slowest.rounded(.up)), daysToRecover: recovery(cost), note: note)
    }
}
