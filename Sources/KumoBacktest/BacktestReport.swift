import Foundation
public import KumoCore
import KumoEngine

/// The backtest as one self-contained HTML page: summary, equity curve, underwater drawdown,
/// monthly returns heatmap, per-strategy and per-symbol breakdowns, and the trade list. Charts are
/// inline SVG; the page loads nothing from the network.
public struct BacktestReport {
    public var result: BacktestResult
    public var title: String

    public init(result: BacktestResult, title: String) {
        self.result = result
        self.title = title
    }

    static let width = 960.0
    static let height = 240.0
    /// Trades listed in full; more are summarised.
    static let tradeRows = 2000

    public func html() -> String {
        let stats = Analytics(result)
        func pct(_ value: Double) -> String { String(format: "%.2f%%", value * 100) }
        let curve = result.equityCurve
        let dates = curve.map { $0.time.isoDate(utcOffsetSeconds: KRXSessions.utcOffsetSeconds) }
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(Self.escape(title))</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d2430;background:#fff}
            h1{font-size:20px}h2{font-size:16px;margin-top:28px}
            table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 8px;border-bottom:1px solid #e3e6eb;text-align:right}
            th{background:#f4f6f8}td.l,th.l{text-align:left}.neg{color:#b3261e}.pos{color:#1b7f3b}
            svg{background:#fafbfc;border:1px solid #e3e6eb}
            </style></head><body>
            <h1>\(Self.escape(title))</h1>
            <p>\(dates.first ?? "") – \(dates.last ?? "") · \(curve.count) bar times · start \(String(format: "%.0f", result.initialCash)) · end \(String(format: "%.0f", result.finalEquity))</p>

            """
        let rows: [(String, String)] = [
            ("Total return", pct(stats.totalReturn)), ("CAGR", pct(stats.cagr)), ("Volatility", pct(stats.volatility)),
            ("Sharpe", String(format: "%.3f", stats.sharpe)), ("Sortino", String(format: "%.3f", stats.sortino)),
            ("Calmar", String(format: "%.3f", stats.calmar)), ("Max drawdown", pct(stats.maxDrawdown)),
            ("Longest drawdown", "\(stats.maxDrawdownBars) bars"), ("Trades", "\(result.trades.count)"), ("Win rate", pct(stats.winRate)),
            ("Profit factor", stats.profitFactor.isFinite ? String(format: "%.2f", stats.profitFactor) : "∞"),
            ("Average win / loss", String(format: "%.0f / %.0f", stats.averageWin, stats.averageLoss)), ("Exposure", pct(stats.exposure)),
            ("Turnover", String(format: "%.2f×", stats.turnover)), ("Commission", String(format: "%.0f", stats.commission)),
            ("Tax", String(format: "%.0f", stats.tax)), ("VaR 95% (1 day)", pct(stats.valueAtRisk95)),
            ("CVaR 95% (1 day)", pct(stats.conditionalValueAtRisk95)),
        ] + (stats.beta.map { [("Beta", String(format: "%.3f", $0)), ("Alpha (annual)", pct(stats.alpha ?? 0))] } ?? [])
        page += "<h2>Summary</h2><table>" + rows.map { "<tr><th class=\"l\">\($0.0)</th><td>\($0.1)</td></tr>" }.joined() + "</table>\n"
        let equities = curve.map(\.equity)
        page += "<h2>Equity</h2>" + Self.lineChart(equities, labels: dates, color: "#2456a6", fill: false) + "\n"
        var peak = -Double.infinity
        let underwater = equities.map { value -> Double in
            peak = max(peak, value)
            return peak > 0 ? value / peak - 1 : 0
        }
        page += "<h2>Underwater (drawdown)</h2>" + Self.lineChart(underwater, labels: dates, color: "#b3261e", fill: true, percent: true) + "\n"
        page += "<h2>Monthly returns</h2>" + monthlyHeatmap() + "\n"
        page += "<h2>Strategies</h2><table><tr><th class=\"l\">Strategy</th><th class=\"l\">Health</th><th>Fills</th><th>P&amp;L</th><th>Commission</th><th>Tax</th><th>Failures</th><th class=\"l\">First failure</th></tr>"
        for report in result.strategies {
            page += "<tr><td class=\"l\">\(Self.escape(report.name))</td><td class=\"l\">\(report.health)</td><td>\(report.fills)</td>"
                + "<td class=\"\(report.pnl < 0 ? "neg" : "pos")\">\(String(format: "%.0f", report.pnl))</td><td>\(String(format: "%.0f", report.commission))</td>"
                + "<td>\(String(format: "%.0f", report.tax))</td><td>\(report.failures)</td><td class=\"l\">\(Self.escape(report.firstFailure ?? ""))</td></tr>"
        }
        page += "</table>\n<h2>By symbol</h2><table><tr><th class=\"l\">Symbol</th><th>Trades</th><th>Win rate</th><th>Net P&amp;L</th><th>Traded</th><th>Commission</th><th>Tax</th></tr>"
        for row in result.symbolBreakdown {
            page += "<tr><td class=\"l\">\(Self.escape(row.symbol.code))</td><td>\(row.trades)</td><td>\(row.trades > 0 ? pct(Double(row.wins) / Double(row.trades)) : "–")</td>"
                + "<td class=\"\(row.netPnL < 0 ? "neg" : "pos")\">\(String(format: "%.0f", row.netPnL))</td><td>\(String(format: "%.0f", row.traded))</td>"
                + "<td>\(String(format: "%.0f", row.commission))</td><td>\(String(format: "%.0f", row.tax))</td></tr>"
        }
        let trades = result.trades
        page += "</table>\n<h2>Trades (\(trades.count))</h2><table><tr><th class=\"l\">Symbol</th><th class=\"l\">Entry</th><th>Entry price</th><th class=\"l\">Exit</th><th>Exit price</th><th>Qty</th><th>P&amp;L</th><th>Net</th></tr>"
        for trade in trades.prefix(Self.tradeRows) {
            page += "<tr><td class=\"l\">\(Self.escape(trade.symbol.code))</td><td class=\"l\">\(trade.entryTime.isoDate(utcOffsetSeconds: KRXSessions.utcOffsetSeconds))</td>"
                + "<td>\(Self.number(trade.entryPrice))</td><td class=\"l\">\(trade.exitTime.isoDate(utcOffsetSeconds: KRXSessions.utcOffsetSeconds))</td>"
                + "<td>\(Self.number(trade.exitPrice))</td><td>\(trade.quantity)</td><td>\(String(format: "%.0f", trade.pnl))</td>"
                + "<td class=\"\(trade.netPnL < 0 ? "neg" : "pos")\">\(String(format: "%.0f", trade.netPnL))</td></tr>"
        }
        if trades.count > Self.tradeRows { page += "<tr><td class=\"l\" colspan=\"8\">… \(trades.count - Self.tradeRows) more in the JSON output</td></tr>" }
        page += "</table>\n</body></html>\n"
        return page
    }

    /// A polyline of `values` over their index, with the range and the first and last labels.
    static func lineChart(_ values: [Double], labels: [String], color: String, fill: Bool, percent: Bool = false) -> String {
        guard values.count > 1, let low = values.min(), let high = values.max() else { return "<p>Not enough points.</p>" }
        let span = high - low > 0 ? high - low : 1
        let left = 70.0, right = width - 10, top = 10.0, bottom = height - 24
        func x(_ index: Int) -> Double { left + (right - left) * Double(index) / Double(values.count - 1) }
        func y(_ value: Double) -> Double { bottom - (bottom - top) * (value - low) / span }
        let points = values.enumerated().map { String(format: "%.1f,%.1f", x($0.offset), y($0.element)) }.joined(separator: " ")
        func label(_ value: Double) -> String { percent ? String(format: "%.1f%%", value * 100) : String(format: "%.0f", value) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">"
        if fill {
            svg += "<polygon fill=\"\(color)\" fill-opacity=\"0.25\" points=\"\(String(format: "%.1f,%.1f", left, y(min(max(0, low), high)))) \(points) \(String(format: "%.1f,%.1f", right, y(min(max(0, low), high))))\"/>"
        }
        svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.2\" points=\"\(points)\"/>"
        svg += "<text x=\"4\" y=\"\(Int(top + 10))\" font-size=\"11\">\(label(high))</text><text x=\"4\" y=\"\(Int(bottom))\" font-size=\"11\">\(label(low))</text>"
        svg += "<text x=\"\(Int(left))\" y=\"\(Int(height - 6))\" font-size=\"11\">\(escape(labels.first ?? ""))</text>"
        svg += "<text x=\"\(Int(right))\" y=\"\(Int(height - 6))\" font-size=\"11\" text-anchor=\"end\">\(escape(labels.last ?? ""))</text></svg>"
        return svg
    }

    /// Years down, months across; green for gains, red for losses, deeper for larger moves.
    func monthlyHeatmap() -> String {
        let months = result.monthlyReturns
        guard !months.isEmpty else { return "<p>No months.</p>" }
        var byYear: [String: [Int: Double]] = [:]
        for (month, value) in months {
            byYear[String(month.prefix(4)), default: [:]][Int(month.suffix(2)) ?? 0] = value
        }
        let scale = max(months.map { abs($0.value) }.max() ?? 0, 1e-9)
        var html = "<table><tr><th class=\"l\">Year</th>" + (1...12).map { "<th>\($0)</th>" }.joined() + "<th>Year</th></tr>"
        for year in byYear.keys.sorted() {
            let values = byYear[year]!
            html += "<tr><th class=\"l\">\(year)</th>"
            for month in 1...12 {
                guard let value = values[month] else {
                    html += "<td></td>"
                    continue
                }
                let alpha = min(1, abs(value) / scale) * 0.8 + 0.1
                let rgb = value < 0 ? "179,38,30" : "27,127,59"
                html += "<td style=\"background:rgba(\(rgb),\(String(format: "%.2f", alpha)))\">\(String(format: "%.1f", value * 100))</td>"
            }
            let compounded = values.values.reduce(1.0) { $0 * (1 + $1) } - 1
            html += "<td class=\"\(compounded < 0 ? "neg" : "pos")\">\(String(format: "%.1f%%", compounded * 100))</td></tr>"
        }
        return html + "</table>"
    }

    static func number(_ value: Double) -> String { value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.4f", value) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
