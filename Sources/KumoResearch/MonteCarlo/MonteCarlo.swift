import Foundation
public import KumoBacktest
import KumoCore

/// Monte Carlo of one backtest: what else its trades and returns could have produced. Each
/// method makes `runs` equity paths; the result has the distributions of final equity and of
/// maximum drawdown, and percentile bands for a fan chart.
public struct MonteCarlo: Sendable {
    public enum Method: String, Sendable, CaseIterable {
        /// The round trips' returns in a random order: the same final equity, other drawdowns.
        case shuffle
        /// Daily returns drawn with replacement (i.i.d.).
        case bootstrap
        /// Politis–Romano stationary block bootstrap of daily returns (keeps streaks).
        case block
        /// Each round trip filled worse by a random slippage and skipped with some probability.
        case fills
    }

    public var method: Method
    public var runs: Int
    public var seed: UInt64
    /// Mean block length of the stationary bootstrap.
    public var meanBlock: Double = 10
    /// Largest adverse slippage per side for `fills`, as a fraction of price (drawn uniformly).
    public var slippage: Double = 0.001
    /// Probability that `fills` skips a round trip.
    public var skip: Double = 0.05

    public init(method: Method, runs: Int, seed: UInt64) throws(ResearchError) {
        guard runs >= 10 else { throw .invalidInput("Monte Carlo needs at least 10 runs, not \(runs)") }
        self.method = method
        self.runs = runs
        self.seed = seed
    }

    /// The paths' summary.
    public struct Outcome: Sendable {
        public var method: Method
        public var finalEquity: [Double]
        public var maxDrawdown: [Double]
        /// Percentile bands (5, 25, 50, 75, 95) of equity at each step.
        public var bands: [[Double]]
        public var initialCash: Double
        /// The original backtest's final equity and drawdown, for reference.
        public var actualFinal: Double
        public var actualDrawdown: Double

        /// The `p`-th percentile (0…100) of `values`, linear between ranks (numpy's default).
        public static func percentile(_ values: [Double], _ p: Double) -> Double { percentile(sorted: values.sorted(), p) }

        static func percentile(sorted: [Double], _ p: Double) -> Double {
            guard !sorted.isEmpty else { return .nan }
            let position = p / 100 * Double(sorted.count - 1)
            let lower = Int(position.rounded(.down))
            let upper = min(lower + 1, sorted.count - 1)
            return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
        }

        public var probabilityOfLoss: Double { Double(finalEquity.count { $0 < initialCash }) / Double(finalEquity.count) }
    }

    /// Runs the method on `result`.
    public func run(_ result: BacktestResult) throws(ResearchError) -> Outcome {
        let cash = result.initialCash
        let equities = result.equityCurve.map(\.equity)
        let daily = zip([cash] + equities.dropLast(), equities).map { $0 > 0 ? $1 / $0 - 1 : 0 }
        var generator = SplitMix64(seed: seed)
        var paths: [[Double]] = []
        switch method {
        case .bootstrap, .block:
            guard daily.count > 2 else { throw .invalidInput("the backtest has \(daily.count) daily returns; the bootstrap needs more") }
            let bootstrap = StationaryBootstrap(length: daily.count, meanBlock: method == .block ? meanBlock : 1)
            for _ in 0..<runs { paths.append(Self.path(bootstrap.indices(using: &generator).map { daily[$0] }, cash: cash)) }
        case .shuffle, .fills:
            let trades = Self.tradeReturns(result)
            guard trades.count > 1 else { throw .invalidInput("the backtest has \(trades.count) round trips; \(method.rawValue) needs at least two") }
            for _ in 0..<runs {
                var sample = trades
                if method == .shuffle {
                    sample.shuffle(using: &generator)
                } else {
                    sample = sample.compactMap { trade in
                        guard Double.random(in: 0..<1, using: &generator) >= skip else { return nil }
                        let entry = Double.random(in: 0...slippage, using: &generator)
                        let exit = Double.random(in: 0...slippage, using: &generator)
                        // Buying higher and selling lower by the drawn fractions.
                        return (1 + trade) * (1 - exit) / (1 + entry) - 1
                    }
                }
                paths.append(Self.path(sample, cash: cash))
            }
        }
        let steps = paths.map(\.count).max() ?? 0
        let levels = [5.0, 25, 50, 75, 95]
        var bands = [[Double]](repeating: [], count: levels.count)
        for step in 0..<steps {
            let column = paths.map { step < $0.count ? $0[step] : $0.last ?? cash }.sorted()
            for (band, level) in levels.enumerated() { bands[band].append(Outcome.percentile(sorted: column, level)) }
        }
        return Outcome(
            method: method, finalEquity: paths.map { $0.last ?? cash }, maxDrawdown: paths.map(Self.maxDrawdown), bands: bands, initialCash: cash,
            actualFinal: result.finalEquity, actualDrawdown: result.maxDrawdown)
    }

    /// Each round trip's net P&L over the account's equity when it was entered (the last curve
    /// point at or before the entry), so compounding them rebuilds the account's growth.
    static func tradeReturns(_ result: BacktestResult) -> [Double] {
        let curve = result.equityCurve
        return result.trades.map { trade in
            var low = 0
            var high = curve.count
            while low < high {
                let middle = (low + high) / 2
                if curve[middle].time <= trade.entryTime { low = middle + 1 } else { high = middle }
            }
            let equity = low > 0 ? curve[low - 1].equity : result.initialCash
            return trade.netPnL / max(equity, 1e-9)
        }
    }

    /// Equity compounding `returns` from `cash`, starting point included.
    static func path(_ returns: [Double], cash: Double) -> [Double] {
        var equity = cash
        return [cash] + returns.map { equity *= 1 + $0; return equity }
    }

    static func maxDrawdown(_ path: [Double]) -> Double {
        var peak = -Double.infinity
        var deepest = 0.0
        for value in path {
            peak = max(peak, value)
            if peak > 0 { deepest = max(deepest, 1 - value / peak) }
        }
        return deepest
    }
}
