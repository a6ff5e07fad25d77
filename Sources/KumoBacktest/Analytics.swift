import Foundation
public import KumoCore
import KumoEngine

/// The statistics of a backtest, with their conventions stated: daily simple returns of the
/// equity curve, annualised by 252 trading days; CAGR over calendar time (365.25 days a year);
/// risk-free rate 0. VaR and CVaR are historical, one day, 95%: the loss exceeded on 5% of days
/// (the 5th percentile of returns, nearest rank, as a positive fraction) and the mean loss on
/// those days. Beta is cov(r, b) / var(b) of the strategy's and the benchmark's daily returns;
/// alpha is (mean(r) − beta × mean(b)) × 252.
public struct Analytics: Sendable, Hashable {
    public var totalReturn: Double
    /// Compound annual growth over the calendar span of the curve.
    public var cagr: Double
    /// Standard deviation of daily returns (sample) × √252.
    public var volatility: Double
    public var sharpe: Double
    /// Mean daily return over the downside deviation (returns below 0, over all days) × √252.
    public var sortino: Double
    /// CAGR over the maximum drawdown.
    public var calmar: Double
    public var maxDrawdown: Double
    /// The longest stretch, in bars, from a peak until equity regained it (or the end).
    public var maxDrawdownBars: Int
    /// Share of round trips with a positive net result.
    public var winRate: Double
    /// Gross winnings over gross losses of the trades (net of costs); infinity with no losses.
    public var profitFactor: Double
    public var averageWin: Double
    public var averageLoss: Double
    /// Share of bars with a position open.
    public var exposure: Double
    /// Traded value over average equity.
    public var turnover: Double
    public var commission: Double
    public var tax: Double
    public var valueAtRisk95: Double
    public var conditionalValueAtRisk95: Double
    /// Against the benchmark, when the result has one.
    public var beta: Double?
    public var alpha: Double?

    public init(_ result: BacktestResult) {
        let curve = result.equityCurve
        let equities = curve.map(\.equity)
        let returns = zip(equities, equities.dropFirst()).map { $0 > 0 ? $1 / $0 - 1 : 0 }
        let mean = returns.isEmpty ? 0 : returns.reduce(0, +) / Double(returns.count)
        let variance = returns.count > 1 ? returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(returns.count - 1) : 0
        let downside = returns.isEmpty ? 0 : (returns.map { min($0, 0) * min($0, 0) }.reduce(0, +) / Double(returns.count)).squareRoot()
        totalReturn = result.totalReturn
        let years = curve.count > 1 ? (curve.last!.time.secondsSince1970 - curve.first!.time.secondsSince1970) / (365.25 * 86_400) : 0
        cagr = years > 0 && result.finalEquity > 0 ? pow(result.finalEquity / result.initialCash, 1 / years) - 1 : 0
        volatility = variance.squareRoot() * 252.0.squareRoot()
        sharpe = result.sharpe()
        sortino = downside > 0 ? mean / downside * 252.0.squareRoot() : 0
        maxDrawdown = result.maxDrawdown
        calmar = maxDrawdown > 0 ? cagr / maxDrawdown : 0
        var peak = -Double.infinity
        var peakIndex = 0
        var longest = 0
        for (index, equity) in equities.enumerated() {
            if equity >= peak {
                peak = equity
                peakIndex = index
            }
            longest = max(longest, index - peakIndex)
        }
        maxDrawdownBars = longest
        let trades = result.trades.map(\.netPnL)
        let wins = trades.filter { $0 > 0 }
        let losses = trades.filter { $0 < 0 }
        winRate = trades.isEmpty ? 0 : Double(wins.count) / Double(trades.count)
        let grossLoss = -losses.reduce(0, +)
        profitFactor = grossLoss > 0 ? wins.reduce(0, +) / grossLoss : (wins.isEmpty ? 0 : .infinity)
        averageWin = wins.isEmpty ? 0 : wins.reduce(0, +) / Double(wins.count)
        averageLoss = losses.isEmpty ? 0 : losses.reduce(0, +) / Double(losses.count)
        exposure = curve.isEmpty ? 0 : Double(curve.filter(\.isInvested).count) / Double(curve.count)
        let averageEquity = equities.isEmpty ? 1 : equities.reduce(0, +) / Double(equities.count)
        turnover = result.fills.map { $0.price.doubleValue * Double($0.quantity) }.reduce(0, +) / averageEquity
        commission = result.fills.map(\.commission.doubleValue).reduce(0, +)
        tax = result.fills.map(\.tax.doubleValue).reduce(0, +)
        let sorted = returns.sorted()
        let tail = sorted.prefix(max(1, Int((Double(sorted.count) * 0.05).rounded(.up))))
        valueAtRisk95 = sorted.isEmpty ? 0 : max(0, -tail.last!)
        conditionalValueAtRisk95 = tail.isEmpty ? 0 : max(0, -tail.reduce(0, +) / Double(tail.count))
        if let benchmark = result.benchmark, benchmark.count == equities.count, benchmark.count > 2 {
            let bench = zip(benchmark, benchmark.dropFirst()).map { $0 > 0 ? $1 / $0 - 1 : 0 }
            let benchMean = bench.reduce(0, +) / Double(bench.count)
            let covariance = zip(returns, bench).map { ($0 - mean) * ($1 - benchMean) }.reduce(0, +) / Double(bench.count - 1)
            let benchVariance = bench.map { ($0 - benchMean) * ($0 - benchMean) }.reduce(0, +) / Double(bench.count - 1)
            beta = benchVariance > 0 ? covariance / benchVariance : nil
            alpha = beta.map { (mean - $0 * benchMean) * 252 }
        }
    }

    /// The statistics by name, for JSON.
    public var dictionary: [String: Double] {
        [
            "total_return": totalReturn, "cagr": cagr, "volatility": volatility, "sharpe": sharpe, "sortino": sortino, "calmar": calmar,
            "max_drawdown": maxDrawdown, "max_drawdown_bars": Double(maxDrawdownBars), "win_rate": winRate,
            "profit_factor": profitFactor.isFinite ? profitFactor : -1, "average_win": averageWin, "average_loss": averageLoss,
            "exposure": exposure, "turnover": turnover, "commission": commission, "tax": tax, "var_95": valueAtRisk95,
            "cvar_95": conditionalValueAtRisk95,
        ].merging([("beta", beta), ("alpha", alpha)].compactMap { key, value in value.map { (key, $0) } }) { $1 }
    }
}
