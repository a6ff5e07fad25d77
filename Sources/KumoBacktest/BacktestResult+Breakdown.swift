public import KumoCore
import KumoEngine

extension BacktestResult {
    /// One symbol's share of the result.
    public struct SymbolBreakdown: Sendable, Hashable {
        public var symbol: Symbol
        public var trades: Int
        public var wins: Int
        /// Sum of the round trips' results net of costs.
        public var netPnL: Double
        public var commission: Double
        public var tax: Double
        /// Bought plus sold value.
        public var traded: Double
    }

    /// Per-symbol results, by symbol code.
    public var symbolBreakdown: [SymbolBreakdown] {
        var rows: [Symbol: SymbolBreakdown] = [:]
        for fill in fills {
            var row = rows[fill.symbol] ?? SymbolBreakdown(symbol: fill.symbol, trades: 0, wins: 0, netPnL: 0, commission: 0, tax: 0, traded: 0)
            row.commission += fill.commission.doubleValue
            row.tax += fill.tax.doubleValue
            row.traded += fill.price.doubleValue * Double(fill.quantity)
            rows[fill.symbol] = row
        }
        for trade in trades {
            rows[trade.symbol]?.trades += 1
            rows[trade.symbol]?.netPnL += trade.netPnL
            if trade.netPnL > 0 { rows[trade.symbol]?.wins += 1 }
        }
        return rows.values.sorted { $0.symbol < $1.symbol }
    }

    /// Each calendar month's return of the equity curve (KST), keyed "YYYY-MM", in order: the
    /// month's last equity over the previous month's last (the starting cash for the first).
    public var monthlyReturns: [(month: String, value: Double)] {
        var result: [(String, Double)] = []
        var previous = initialCash
        var current: (month: String, equity: Double)?
        for point in equityCurve {
            let month = String(point.time.isoDate(utcOffsetSeconds: KRXSessions.utcOffsetSeconds).prefix(7))
            if let open = current, open.month != month {
                result.append((open.month, previous > 0 ? open.equity / previous - 1 : 0))
                previous = open.equity
            }
            current = (month, point.equity)
        }
        if let open = current { result.append((open.month, previous > 0 ? open.equity / previous - 1 : 0)) }
        return result
    }
}
