import Foundation
public import KumoCore
import KumoEngine

extension BacktestResult {
    /// The result as JSON with sorted keys: `fills`, `trades`, `equity_curve`, `final_equity`,
    /// `total_return`, `max_drawdown`, `sharpe`, `rejections`, `strategy_failures`, `log` (what the
    /// strategies logged and printed). Two runs of one backtest give byte-identical text.
    public func json(utcOffsetSeconds offset: Int = 9 * 3600) throws -> String {
        func date(_ time: Timestamp) -> String { time.isoDate(utcOffsetSeconds: offset) }
        let object: [String: Any] = [
            "fills": fills.map {
                ["date": date($0.time), "symbol": $0.symbol.code, "side": $0.side.rawValue, "price": $0.price.doubleValue,
                 "qty": $0.quantity, "commission": $0.commission.doubleValue, "tax": $0.tax.doubleValue, "order_id": $0.order.value] as [String: Any]
            },
            "trades": trades.map {
                ["symbol": $0.symbol.code, "entry_date": date($0.entryTime), "entry_price": $0.entryPrice, "exit_date": date($0.exitTime),
                 "exit_price": $0.exitPrice, "qty": $0.quantity, "pnl": $0.pnl, "pnl_net": $0.netPnL] as [String: Any]
            },
            "equity_curve": equityCurve.map { ["date": date($0.time), "equity": $0.equity] as [String: Any] },
            "initial_cash": initialCash,
            "final_equity": finalEquity,
            "total_return": totalReturn,
            "max_drawdown": maxDrawdown,
            "sharpe": sharpe(),
            "rejections": rejections.map { ["order_id": $0.id.value, "symbol": $0.symbol.code, "reason": $0.rejection ?? ""] },
            "strategy_failures": strategyFailures,
            "log": log.map {
                ["time": $0.time.iso8601(utcOffsetSeconds: offset), "strategy": $0.strategy, "level": $0.level, "message": $0.message,
                 "location": $0.location]
            },
            "strategies": strategies.map {
                ["name": $0.name, "health": $0.health, "failures": $0.failures, "first_failure": $0.firstFailure ?? "", "fills": $0.fills,
                 "realized_pnl": $0.realizedPnL, "commission": $0.commission, "tax": $0.tax, "pnl": $0.pnl] as [String: Any]
            },
            "symbols": symbolBreakdown.map {
                ["symbol": $0.symbol.code, "trades": $0.trades, "wins": $0.wins, "pnl_net": $0.netPnL, "commission": $0.commission,
                 "tax": $0.tax, "traded": $0.traded] as [String: Any]
            },
            "monthly_returns": monthlyReturns.map { ["month": $0.month, "return": $0.value] as [String: Any] },
            "order_counts": orderCounts,
            "analytics": Analytics(self).dictionary,
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A short table for the terminal.
    public func summary() -> [String] {
        func pct(_ value: Double) -> String { String(format: "%.2f%%", value * 100) }
        let stats = Analytics(self)
        return [
            "final equity   \(String(format: "%.2f", finalEquity)) (start \(String(format: "%.2f", initialCash)))",
            "total return   \(pct(totalReturn)), CAGR \(pct(stats.cagr)), volatility \(pct(stats.volatility))",
            "max drawdown   \(pct(maxDrawdown)) over \(stats.maxDrawdownBars) bars",
            "sharpe         \(String(format: "%.3f", sharpe())), sortino \(String(format: "%.3f", stats.sortino)), calmar \(String(format: "%.3f", stats.calmar))",
            "trades         \(trades.count), win rate \(pct(stats.winRate)), profit factor \(String(format: "%.2f", stats.profitFactor))",
            "exposure       \(pct(stats.exposure)), turnover \(String(format: "%.1f", stats.turnover))×, fees \(String(format: "%.0f", stats.commission + stats.tax))",
            "VaR / CVaR 95% \(pct(stats.valueAtRisk95)) / \(pct(stats.conditionalValueAtRisk95)) a day"
                + (stats.beta.map { String(format: ", beta %.3f, alpha %.2f%%", $0, (stats.alpha ?? 0) * 100) } ?? ""),
            "orders         " + orderCounts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "),
            "rejections     \(rejections.count)",
        ] + strategies.map {
            "strategy       \($0.name): \($0.health), \($0.fills) fills, P&L \(String(format: "%.0f", $0.pnl))"
                + ($0.failures > 0 ? ", \($0.failures) failures (first: \($0.firstFailure ?? ""))" : "")
        }
    }
}
