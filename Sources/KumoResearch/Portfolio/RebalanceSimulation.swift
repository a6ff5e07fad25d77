import Foundation
public import KumoCore
public import KumoEngine
public import KumoPortfolio

/// A portfolio held in whole shares and brought back to its recipe's weights on a calendar or
/// when it drifts out of a band, paying KRX commission and sell tax on every trade. Weights are
/// re-estimated at each rebalance from the `lookback` returns before it (no look-ahead).
public struct RebalanceSimulation: Sendable {
    public enum Schedule: Sendable, Equatable {
        case weekly, monthly, quarterly, yearly
        /// Rebalance when any weight drifts further than this from its target.
        case band(Double)

        /// `monthly`, `quarterly`, `weekly`, `yearly` or `band:0.05`.
        public init?(parsing text: String) {
            switch text {
            case "weekly": self = .weekly
            case "monthly": self = .monthly
            case "quarterly": self = .quarterly
            case "yearly": self = .yearly
            default:
                guard text.hasPrefix("band:"), let width = Double(text.dropFirst(5)), width > 0, width < 1 else { return nil }
                self = .band(width)
            }
        }
    }

    /// One rebalance: when, the targets, and what the trades cost.
    public struct Rebalance: Sendable {
        public var time: Timestamp
        public var targets: [Double]
        public var traded: Double
        public var commission: Double
        public var tax: Double
        /// Set when the recipe had no answer for this window and the least-volatile portfolio
        /// under the same constraints was held instead (max Sharpe when nothing beat the risk-free rate).
        public var fallback: String?
    }

    public struct Outcome: Sendable {
        public var times: [Timestamp]
        public var equity: [Double]
        public var rebalances: [Rebalance]
        public var turnover: Double { rebalances.reduce(0) { $0 + $1.traded } / max(equity.reduce(0, +) / Double(max(equity.count, 1)), 1e-300) }
        public var commission: Double { rebalances.reduce(0) { $0 + $1.commission } }
        public var tax: Double { rebalances.reduce(0) { $0 + $1.tax } }
    }

    public var symbols: [Symbol]
    public var times: [Timestamp]
    /// `closes[t][i]`, aligned.
    public var closes: [[Double]]
    public var recipe: PortfolioRecipe
    public var lookback: Int
    public var schedule: Schedule
    public var capital: Double
    public var configuration: EngineConfiguration

    public init(
        symbols: [Symbol], times: [Timestamp], closes: [[Double]], recipe: PortfolioRecipe, lookback: Int, schedule: Schedule, capital: Double,
        configuration: EngineConfiguration
    ) {
        self.symbols = symbols
        self.times = times
        self.closes = closes
        self.recipe = recipe
        self.lookback = lookback
        self.schedule = schedule
        self.capital = capital
        self.configuration = configuration
    }

    public func run() throws(PortfolioError) -> Outcome {
        guard lookback >= 2, closes.count > lookback else {
            throw .invalidInput("rebalancing needs more than the \(lookback)-bar lookback of prices (there are \(closes.count))")
        }
        let n = symbols.count
        var shares = [Int](repeating: 0, count: n)
        var cash = capital
        var targets: [Double]?
        var outcome = Outcome(times: [], equity: [], rebalances: [])
        for t in lookback..<closes.count {
            let prices = closes[t]
            let equity = cash + zip(shares, prices).reduce(0) { $0 + Double($1.0) * $1.1 }
            if targets == nil || isDue(t, held: shares, prices: prices, equity: equity, targets: targets!) {
                let window = try ReturnSeries(names: symbols.map(\.code), prices: Array(closes[(t - lookback)...t]))
                var fallback: String?
                let wanted: [Double]
                do throws(PortfolioError) {
                    wanted = try recipe.weights(window)
                } catch {
                    guard case .noReturnAboveRiskFree = error else { throw error }
                    var safe = recipe
                    safe.method = .minVolatility
                    wanted = try safe.weights(window)
                    fallback = error.description
                }
                targets = wanted
                var rebalance = trade(to: wanted, shares: &shares, cash: &cash, prices: prices, time: times[t])
                rebalance.fallback = fallback
                outcome.rebalances.append(rebalance)
            }
            outcome.times.append(times[t])
            outcome.equity.append(cash + zip(shares, prices).reduce(0) { $0 + Double($1.0) * $1.1 })
        }
        return outcome
    }

    func isDue(_ t: Int, held: [Int], prices: [Double], equity: Double, targets: [Double]) -> Bool {
        let today = CivilDate(times[t], utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        let yesterday = CivilDate(times[t - 1], utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        switch schedule {
        case .weekly: return Self.week(times[t]) != Self.week(times[t - 1])
        case .monthly: return today.month != yesterday.month
        case .quarterly: return (today.month - 1) / 3 != (yesterday.month - 1) / 3
        case .yearly: return today.year != yesterday.year
        case .band(let width):
            return (0..<held.count).contains { abs(Double(held[$0]) * prices[$0] / equity - targets[$0]) > width }
        }
    }

    /// The Monday-to-Sunday week (in KST) of `time`, numbered from 1970 (1 January 1970 was a Thursday).
    static func week(_ time: Timestamp) -> Int {
        let day = Int(((time.secondsSince1970 + Double(KRXSessions.utcOffsetSeconds)) / 86_400).rounded(.down))
        return (day + 3) / 7
    }

    /// Sells what is above target, then buys what is below with the cash there is, in whole
    /// shares, keeping enough cash for the buys' commission.
    func trade(to targets: [Double], shares: inout [Int], cash: inout Double, prices: [Double], time: Timestamp) -> Rebalance {
        let year = CivilDate(time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds).year
        let equity = cash + zip(shares, prices).reduce(0) { $0 + Double($1.0) * $1.1 }
        let commissionRate = Double(configuration.costs.commission.partsPerBillion) / 1e9
        let wanted = targets.indices.map { Int((targets[$0] * equity / (prices[$0] * (1 + commissionRate))).rounded(.down)) }
        var rebalance = Rebalance(time: time, targets: targets, traded: 0, commission: 0, tax: 0)
        func book(_ side: OrderSide, _ index: Int, _ quantity: Int) -> Double {
            let notional = Double(quantity) * prices[index]
            let costs = configuration.costs.costs(
                side: side, notional: Price(micros: Int64((notional * 1e6).rounded())), market: configuration.market(of: symbols[index]), settlementYear: year)
            rebalance.traded += notional
            rebalance.commission += costs.commission.doubleValue
            rebalance.tax += costs.tax.doubleValue
            return costs.commission.doubleValue + costs.tax.doubleValue
        }
        for index in shares.indices where shares[index] > wanted[index] {
            let quantity = shares[index] - wanted[index]
            cash += Double(quantity) * prices[index] - book(.sell, index, quantity)
            shares[index] = wanted[index]
        }
        for index in shares.indices where wanted[index] > shares[index] {
            var quantity = wanted[index] - shares[index]
            let affordable = Int((cash / (prices[index] * (1 + commissionRate) + 1)).rounded(.down))
            quantity = min(quantity, max(affordable, 0))
            guard quantity > 0 else { continue }
            cash -= Double(quantity) * prices[index] + book(.buy, index, quantity)
            shares[index] += quantity
        }
        return rebalance
    }
}
