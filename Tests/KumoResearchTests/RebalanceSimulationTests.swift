import Foundation
import KumoCore
import KumoEngine
import KumoPortfolio
import KumoResearch
import Testing

/// The rebalancer's trades and costs on prices worked by hand.
struct RebalanceSimulationTests {
    static let symbols = [Symbol("005930")!, Symbol("000660")!]

    static func day(_ n: Int) -> Timestamp { Timestamp(year: 2024, month: 1 + n / 28, day: 1 + n % 28, utcOffsetSeconds: 9 * 3600)! }

    @Test func equalWeightsMonthlyPayKRXCosts() throws {
        // 10,000 and 20,000 flat for January, then A doubles on the first day of February.
        let times = (0..<40).map(Self.day)
        let closes = times.indices.map { t in [t < 28 ? 10_000.0 : 20_000, 20_000] }
        var configuration = EngineConfiguration()
        configuration.costs = CostModel(commission: Rate(partsPerBillion: 150_000), sellTax: Rate(partsPerBillion: 2_000_000))
        let simulation = RebalanceSimulation(
            symbols: Self.symbols, times: times, closes: closes, recipe: PortfolioRecipe(method: .equalWeight), lookback: 5, schedule: .monthly,
            capital: 10_000_000, configuration: configuration)
        let outcome = try simulation.run()
        // Day 5 buys, day 28 (1 February) rebalances: two rebalances.
        #expect(outcome.rebalances.count == 2)
        // First: 5,000,000 / (10,000 × 1.00015) → 499 shares of A, 249 of B (5,000,000 / 20,003).
        let first = outcome.rebalances[0]
        #expect(first.traded == 499 * 10_000 + 249 * 20_000)
        #expect(first.tax == 0)
        // Commission 0.015% truncated to whole won per fill: 748 + 747.
        #expect(first.commission == 748 + 747)
        // After A doubles, equity = cash + 499 × 20,000 + 249 × 20,000: sells A down to target, pays 0.2% tax.
        let second = outcome.rebalances[1]
        #expect(second.tax > 0)
        let cashAfterFirst = 10_000_000 - Double(499 * 10_000 + 249 * 20_000) - 1_495
        #expect(abs(outcome.equity[27 - 5] - (cashAfterFirst + 499 * 10_000 + 249 * 20_000)) < 1e-6)
        // Equity the day after the second rebalance: value before less its costs.
        let before = cashAfterFirst + 499 * 20_000 + 249 * 20_000
        #expect(abs(outcome.equity[28 - 5] - (before - second.commission - second.tax)) < 1e-6)
    }

    @Test func aDriftBandTradesOnlyWhenAWeightLeavesIt() throws {
        let times = (0..<40).map(Self.day)
        // A drifts up 1% a day from day 10; with a 5% band on 50/50 it must rebalance once A's weight passes 55%.
        let closes = times.indices.map { t in [10_000 * (t < 10 ? 1 : pow(1.01, Double(t - 9))), 10_000] }
        let simulation = RebalanceSimulation(
            symbols: Self.symbols, times: times, closes: closes, recipe: PortfolioRecipe(method: .equalWeight), lookback: 5, schedule: .band(0.05),
            capital: 10_000_000, configuration: EngineConfiguration())
        let outcome = try simulation.run()
        #expect(outcome.rebalances.count == 2)
        let second = try #require(outcome.rebalances.last)
        let index = outcome.times.firstIndex(of: second.time)! + 5
        // After day 5 the book holds 499 shares of each and 18,504 in cash. B's weight leaves the
        // band first: 4,990,000 / (18,504 + 499 × 10,000 × 1.01^k + 4,990,000) < 0.45 when
        // 1.01^k > 1.2185, k ≥ 20, day 29 (A's weight only passes 55% at k = 21).
        #expect(index == 29)
    }
}
