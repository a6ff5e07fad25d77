import Foundation
public import KumoCore
public import KumoEngine

/// What a backtest produced: fills, round-trip trades, the equity curve and its statistics.
public struct BacktestResult: Sendable {
    public struct EquityPoint: Sendable, Hashable {
        public var time: Timestamp
        public var equity: Double
        /// Whether any position was held at this point (for exposure).
        public var isInvested = false

        public init(time: Timestamp, equity: Double, isInvested: Bool = false) {
            self.time = time
            self.equity = equity
            self.isInvested = isInvested
        }
    }

    /// A round trip: shares bought, then sold.
    public struct Trade: Sendable, Hashable {
        public var symbol: Symbol
        public var entryTime: Timestamp
        public var entryPrice: Double
        public var exitTime: Timestamp
        public var exitPrice: Double
        public var quantity: Int64
        /// Gross profit (before costs).
        public var pnl: Double
        /// Net of both sides' commission and tax.
        public var netPnL: Double
    }

    /// How one strategy did: its health, failures and its share of the result (attribution).
    public struct StrategyReport: Sendable, Hashable {
        public var name: String
        /// healthy, failing or quarantined.
        public var health: String
        public var failures: Int
        public var firstFailure: String?
        public var fills: Int
        public var realizedPnL: Double
        public var commission: Double
        public var tax: Double
        /// Profit or loss net of costs, open positions at their last closes.
        public var pnl: Double
    }

    /// A line a strategy logged (`ctx:log`, `kumo.log`) or printed, at the engine's time then.
    public struct LogLine: Sendable, Hashable {
        public var time: Timestamp
        public var strategy: String
        /// debug, info, warning or error.
        public var level: String
        public var message: String
        /// `file:line` of the call.
        public var location: String

        public init(time: Timestamp, strategy: String, level: String, message: String, location: String) {
            self.time = time
            self.strategy = strategy
            self.level = level
            self.message = message
            self.location = location
        }
    }

    public var initialCash: Double
    public var fills: [Fill]
    public var equityCurve: [EquityPoint]
    public var rejections: [Order]
    public var strategyFailures: [String]
    public var strategies: [StrategyReport] = []
    /// How many orders ended in each status (open ones under theirs).
    public var orderCounts: [String: Int] = [:]
    /// A benchmark's closes at the equity curve's times, for beta and alpha.
    public var benchmark: [Double]?
    /// What the strategies logged and printed, in order.
    public var log: [LogLine] = []

    public init(initialCash: Double, fills: [Fill], equityCurve: [EquityPoint], rejections: [Order], strategyFailures: [String]) {
        self.initialCash = initialCash
        self.fills = fills
        self.equityCurve = equityCurve
        self.rejections = rejections
        self.strategyFailures = strategyFailures
    }

    /// Round trips, matched first in, first out per symbol.
    public var trades: [Trade] {
        var open: [Symbol: [(fill: Fill, remaining: Int64)]] = [:]
        var trades: [Trade] = []
        for fill in fills {
            if fill.side == .buy {
                open[fill.symbol, default: []].append((fill, fill.quantity))
                continue
            }
            var remaining = fill.quantity
            while remaining > 0, var lots = open[fill.symbol], !lots.isEmpty {
                let quantity = min(remaining, lots[0].remaining)
                let entry = lots[0].fill
                let gross = (fill.price.doubleValue - entry.price.doubleValue) * Double(quantity)
                let costs = (entry.commission.doubleValue + entry.tax.doubleValue) * Double(quantity) / Double(entry.quantity)
                    + (fill.commission.doubleValue + fill.tax.doubleValue) * Double(quantity) / Double(fill.quantity)
                trades.append(Trade(
                    symbol: fill.symbol, entryTime: entry.time, entryPrice: entry.price.doubleValue, exitTime: fill.time,
                    exitPrice: fill.price.doubleValue, quantity: quantity, pnl: gross, netPnL: gross - costs))
                lots[0].remaining -= quantity
                if lots[0].remaining == 0 { lots.removeFirst() }
                open[fill.symbol] = lots
                remaining -= quantity
            }
        }
        return trades
    }

    public var finalEquity: Double { equityCurve.last?.equity ?? initialCash }

    /// Final equity over the starting cash, minus one.
    public var totalReturn: Double { finalEquity / initialCash - 1 }

    /// The deepest fall of the equity curve from a previous peak, as a fraction.
    public var maxDrawdown: Double {
        var peak = -Double.infinity
        var deepest = 0.0
        for point in equityCurve {
            peak = max(peak, point.equity)
            if peak > 0 { deepest = max(deepest, 1 - point.equity / peak) }
        }
        return deepest
    }

    /// Daily Sharpe ratio annualised by √252, risk-free rate 0: mean over sample standard
    /// deviation of the equity curve's simple returns, from `fromIndex` on.
    public func sharpe(fromIndex: Int = 0) -> Double {
        let points = equityCurve.dropFirst(fromIndex).map(\.equity)
        let returns = zip(points, points.dropFirst()).map { $1 / $0 - 1 }
        guard returns.count > 1 else { return 0 }
        let mean = returns.reduce(0, +) / Double(returns.count)
        let variance = returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(returns.count - 1)
        return variance > 0 ? mean / variance.squareRoot() * 252.0.squareRoot() : 0
    }
}
