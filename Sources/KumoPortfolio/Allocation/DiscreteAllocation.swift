/// Whole shares for target weights and a capital (KRX trades in lots of one share): each asset
/// gets the shares its weight buys rounded down, then the leftover cash buys one share at a time
/// of the asset furthest below its target that it can still afford (PyPortfolioOpt's greedy
/// allocation).
public struct DiscreteAllocation: Sendable, Equatable {
    public var shares: [Int]
    public var leftover: Double

    public init(weights: [Double], prices: [Double], capital: Double) throws(PortfolioError) {
        guard weights.count == prices.count else { throw .invalidInput("\(weights.count) weights for \(prices.count) prices") }
        guard capital > 0 else { throw .invalidInput("capital must be positive") }
        if let bad = prices.firstIndex(where: { !($0 > 0) }) { throw .invalidInput("the price of asset \(bad + 1) is not positive") }
        let total = weights.reduce(0) { $0 + max($1, 0) }
        let targets = weights.map { max($0, 0) / max(total, 1e-300) }
        var shares = zip(targets, prices).map { Int(($0 * capital / $1).rounded(.down)) }
        var cash = capital - zip(shares, prices).reduce(0) { $0 + Double($1.0) * $1.1 }
        while true {
            let invested = capital - cash
            let deficits = targets.indices.map { index -> Double in
                guard targets[index] > 0, prices[index] <= cash else { return -.infinity }
                let held = Double(shares[index]) * prices[index] / max(invested + prices[index], 1e-300)
                return targets[index] - held
            }
            guard let pick = deficits.indices.max(by: { deficits[$0] < deficits[$1] }), deficits[pick].isFinite, deficits[pick] > 0 else { break }
            shares[pick] += 1
            cash -= prices[pick]
        }
        self.shares = shares
        leftover = cash
    }
}
