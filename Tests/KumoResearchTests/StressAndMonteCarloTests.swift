import Foundation
import KumoBacktest
import KumoCore
import KumoResearch
import Testing

/// Stress scenarios on hand-built histories, and Monte Carlo's invariants on a real backtest.
struct StressAndMonteCarloTests {
    /// 300 trading days from 2019-06-03 on, weekends skipped.
    static let days: [CivilDate] = {
        var result: [CivilDate] = []
        var date = CivilDate(year: 2019, month: 6, day: 3)!
        while result.count < 300 {
            if !date.isWeekend { result.append(date) }
            date = date.adding(days: 1)
        }
        return result
    }()

    @Test func aHistoricalEpisodeReplaysTheHoldingsOwnMovesAndFindsTheRecovery() throws {
        // The market moves ±1% on alternate days, is flat on 2020-02-17, falls 20% on the 18th
        // and stays. A has its own data: −10% on each of the episode's first three days, then +5%
        // a day. B moves exactly half the market (β 0.5) and has no data from the 14th on.
        let crash = Self.days.firstIndex(of: CivilDate(year: 2020, month: 2, day: 17)!)!
        func marketReturn(_ i: Int) -> Double { i < crash ? (i % 2 == 0 ? 0.01 : -0.01) : i == crash + 1 ? -0.2 : 0 }
        var level = 100.0
        var proxy: [(date: CivilDate, close: Double)] = []
        var a = 100.0
        var aHistory: [(date: CivilDate, close: Double, volume: Double)] = []
        var b = 50.0
        var bHistory: [(date: CivilDate, close: Double, volume: Double)] = []
        for (i, date) in Self.days.enumerated() {
            if i > 0 { level *= 1 + marketReturn(i) }
            proxy.append((date, level))
            if i >= crash && i < crash + 3 { a *= 0.9 } else if i >= crash + 3 { a *= 1.05 }
            aHistory.append((date, a, 1_000))
            if i > 0 { b *= 1 + 0.5 * marketReturn(i) }
            if i <= crash - 2 { bHistory.append((date, b, 1_000)) }
        }
        let test = StressTest(
            holdings: [.init(symbol: Symbol("AAA")!, shares: 10, history: aHistory), .init(symbol: Symbol("BBB")!, shares: 20, history: bHistory)],
            cash: 0, market: proxy)
        let episode = StressScenario(name: "test", kind: .historical(from: CivilDate(year: 2020, month: 2, day: 17)!, to: CivilDate(year: 2020, month: 3, day: 6)!))
        let row = test.run(episode)
        // Today's values replayed: A × 0.9, 0.81, 0.729 over the first three days, B × 0.9 from the second.
        let aValue = 10 * aHistory.last!.close
        let bValue = 20 * bHistory.last!.close
        let start = aValue + bValue
        let trough = aValue * 0.729 + bValue * 0.9
        #expect(abs(row.loss - (start - trough)) < 1e-6 * start)
        #expect(row.note?.contains("via the market: BBB (β 0.50)") == true, "\(row.note ?? "")")
        let secondDay = (aValue * 0.81 + bValue * 0.9) / (aValue * 0.9 + bValue) - 1
        let thirdDay = (aValue * 0.729 + bValue * 0.9) / (aValue * 0.81 + bValue * 0.9) - 1
        #expect(abs(row.worstDay - min(secondDay, thirdDay)) < 1e-12)
        // Recovered k days after the trough (day 3), when A × 1.05^k makes up the loss.
        var k = 0
        while aValue * 0.729 * pow(1.05, Double(k)) + bValue * 0.9 < start { k += 1 }
        #expect(row.daysToRecover == 3 + k)
    }

    @Test func syntheticShocksFollowTheirFormulas() {
        let history = Self.days.enumerated().map { index, date in (date: date, close: 100 * (1 + 0.001 * Double(index)), volume: 500.0) }
        let test = StressTest(holdings: [.init(symbol: Symbol("AAA")!, shares: 100, history: history)], cash: 1_000)
        let value = test.value
        let long = 100 * history.last!.close
        let gap = test.run(StressScenario(name: "gap", kind: .gap(0.1)))
        #expect(abs(gap.loss - long * 0.1) < 1e-9)
        let limit = test.run(StressScenario(name: "limit", kind: .limitDown(days: 2)))
        #expect(abs(limit.loss - long * 0.51) < 1e-9)
        #expect(abs(limit.lossFraction - long * 0.51 / value) < 1e-12)
        let liquidity = test.run(StressScenario(name: "liquidity", kind: .liquidity(share: 0.1)))
        // 100 shares at 10% of 500 a day: 2 days.
        #expect(liquidity.note?.hasPrefix("2.0 trading days") == true)
        let none = test.run(StressScenario(name: "old", kind: .historical(from: CivilDate(year: 2001, month: 1, day: 2)!, to: CivilDate(year: 2001, month: 2, day: 1)!)))
        #expect(none.loss.isNaN && none.note?.hasPrefix("no data for 2001-01-02") == true)
    }

    @Test func monteCarloKeepsWhatEachMethodMustKeep() throws {
        let runner = PlantedMarket.runner(phi: 0.35, days: 600)
        let result = try runner.run(ParameterSet(names: ["lag"], values: [.integer(5)]))
        #expect(result.trades.count > 10)
        // Shuffling reorders the same trade returns: every path ends at the same equity.
        let shuffled = try MonteCarlo(method: .shuffle, runs: 200, seed: 1).run(result)
        let finals = shuffled.finalEquity
        #expect(finals.allSatisfy { abs($0 - finals[0]) < 1e-6 * finals[0] })
        #expect(Set(shuffled.maxDrawdown).count > 10)
        // The bands are ordered at every step.
        for step in shuffled.bands[0].indices { #expect(shuffled.bands[0][step] <= shuffled.bands[2][step] && shuffled.bands[2][step] <= shuffled.bands[4][step]) }
        // Fills that are only ever worse cannot beat the untouched trades.
        let fills = try MonteCarlo(method: .fills, runs: 200, seed: 1)
        var noSkip = fills
        noSkip.skip = 0
        let worse = try noSkip.run(result)
        #expect(worse.finalEquity.allSatisfy { $0 <= finals[0] + 1e-6 })
        // Seeded: the same draws again.
        #expect(try MonteCarlo(method: .block, runs: 50, seed: 9).run(result).finalEquity == MonteCarlo(method: .block, runs: 50, seed: 9).run(result).finalEquity)
        #expect(MonteCarlo.Outcome.percentile([1, 2, 3, 4], 25) == 1.75)
    }
}
