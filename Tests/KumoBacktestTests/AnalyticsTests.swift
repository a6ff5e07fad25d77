import Foundation
import KumoBacktest
import KumoCore
import KumoEngine
import Testing

/// Statistics on a hand-made equity curve and trade list, against numbers worked out by hand.
struct AnalyticsTests {
    static func day(_ n: Int) -> Timestamp { Timestamp(seconds: Int64(n) * 86_400) }

    static func fill(_ side: OrderSide, _ day: Int, price: Int64, quantity: Int64 = 10) -> Fill {
        Fill(order: ClientOrderID("o\(day)"), strategy: "s", symbol: Symbol("X")!, side: side, quantity: quantity,
             price: Price(units: price), commission: Price(units: 1), tax: Price(units: 0), time: Self.day(day))
    }

    static let result = BacktestResult(
        initialCash: 100,
        fills: [fill(.buy, 1, price: 10), fill(.sell, 2, price: 12), fill(.buy, 3, price: 11), fill(.sell, 4, price: 10)],
        equityCurve: [
            .init(time: day(0), equity: 100), .init(time: day(1), equity: 110, isInvested: true),
            .init(time: day(2), equity: 99, isInvested: true), .init(time: day(3), equity: 121),
        ],
        rejections: [], strategyFailures: [])

    @Test func returnsDrawdownAndTradeStatistics() {
        let stats = Analytics(Self.result)
        #expect(abs(stats.totalReturn - 0.21) < 1e-12)
        #expect(abs(stats.maxDrawdown - 0.1) < 1e-12)  // 110 → 99
        #expect(stats.maxDrawdownBars == 1)
        // Trades: +20 − 2 costs = +18; −10 − 2 = −12.
        #expect(stats.winRate == 0.5)
        #expect(abs(stats.profitFactor - 1.5) < 1e-12)
        #expect(stats.averageWin == 18 && stats.averageLoss == -12)
        #expect(stats.exposure == 0.5)
        #expect(stats.commission == 4)
        // Daily returns 0.1, −0.1, 0.2222…: mean 0.07407…, sample std 0.16193…
        let returns = [0.1, -0.1, 121.0 / 99 - 1]
        let mean = returns.reduce(0, +) / 3
        let std = (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2).squareRoot()
        #expect(abs(stats.sharpe - mean / std * 252.0.squareRoot()) < 1e-12)
        #expect(abs(stats.volatility - std * 252.0.squareRoot()) < 1e-12)
        let downside = ((0.1 * 0.1) / 3).squareRoot()
        #expect(abs(stats.sortino - mean / downside * 252.0.squareRoot()) < 1e-12)
        #expect(abs(stats.cagr - (pow(1.21, 365.25 / 3) - 1)) < 1e-9)
    }
}
