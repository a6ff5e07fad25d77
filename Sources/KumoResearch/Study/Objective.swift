public import KumoBacktest

/// What a study maximises, computed from a backtest's statistics (`Analytics`' conventions:
/// daily returns, 252 days a year, risk-free rate 0).
public enum Objective: String, Sendable, CaseIterable, Codable {
    case sharpe, sortino, calmar, cagr
    case returnOverMaxDrawdown = "return_over_mdd"

    /// The objective of `analytics`. A drawdown below 0.1% counts as 0.1% so a curve that never
    /// fell cannot score infinity.
    public func value(of analytics: Analytics) -> Double {
        switch self {
        case .sharpe: analytics.sharpe
        case .sortino: analytics.sortino
        case .calmar: analytics.maxDrawdown > 0 ? analytics.cagr / max(analytics.maxDrawdown, 0.001) : (analytics.cagr > 0 ? analytics.cagr / 0.001 : analytics.cagr)
        case .cagr: analytics.cagr
        case .returnOverMaxDrawdown: analytics.totalReturn / max(analytics.maxDrawdown, 0.001)
        }
    }

    /// The objective of an equity curve alone (for checkpoints and windows).
    public func value(of curve: [BacktestResult.EquityPoint], initialCash: Double) -> Double {
        let result = BacktestResult(initialCash: initialCash, fills: [], equityCurve: curve, rejections: [], strategyFailures: [])
        return value(of: Analytics(result))
    }

    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
