import Foundation
import KumoBacktest
import KumoCore
import KumoEngine
import KumoML
import KumoModels
import Testing

/// A registered model's signal traded through the engine over its hold-out.
struct SignalBacktestTests {
    /// Daily bars whose returns follow r_t = 0.4 r_{t−1} + ε: yesterday's return calls today's.
    static func trending(symbols: Int, days: Int, seed: UInt64) -> [(symbol: Symbol, bars: [Bar])] {
        var random = SplitMix64(seed: seed)
        func normal() -> Double {
            let u1 = max(Double(random.next() >> 11) / Double(1 << 53), 1e-12), u2 = Double(random.next() >> 11) / Double(1 << 53)
            return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
        return (0..<symbols).map { s in
            var close = 10_000.0, previous = 0.0
            var date = CivilDate(year: 2015, month: 1, day: 5)!
            var bars: [Bar] = []
            for _ in 0..<days {
                while date.isWeekend { date = date.adding(days: 1) }
                let r = 0.4 * previous + 0.01 * normal()
                previous = r
                let open = close
                close *= exp(r)
                func price(_ value: Double) -> Price { Price(micros: Int64((value * 1e6).rounded())) }
                // Opens at the previous close, so a signal acted on at the next open keeps its edge.
                bars.append(Bar(
                    time: Timestamp(year: date.year, month: date.month, day: date.day, utcOffsetSeconds: 9 * 3600)!, open: price(open),
                    high: price(max(open, close) * 1.001), low: price(min(open, close) * 0.999), close: price(close), volume: 1_000_000))
                date = date.adding(days: 1)
            }
            return (Symbol("T\(s)")!, bars)
        }
    }

    @Test func aModelThatLearnedTheTrendMakesMoneyTradingIt() throws {
        let recipe = try ModelRecipe.parse(Data(#"""
            {"spec": {"format": "kumo-model/1", "name": "trend", "input": {"time": 5, "features": 2}, "layers": [
               {"op": "last_step"}, {"op": "linear", "weights": "out", "in_features": 2, "out_features": 1}]},
             "features": ["return:1", "range"], "label": {"kind": "forward_return", "horizon": 1},
             "train": {"loss": "mse", "optimizer": {"type": "adam", "lr": 0.01}, "batch_size": 64, "epochs": 5, "shuffle": true, "seed": 1},
             "data": {"test_share": 0.3}}
            """#.utf8), file: "recipe.json", folder: URL(fileURLWithPath: "/"))
        let series = Self.trending(symbols: 2, days: 700, seed: 3)
        let registry = ModelRegistry(root: FileManager.default.temporaryDirectory.appendingPathComponent("kumo-signal-\(UUID().uuidString)"))
        let outcome = try ModelTraining.train(name: "trend", recipe: recipe, series: series, registry: registry)
        #expect(outcome.holdout.informationCoefficient > 0.2)
        let (dataset, fold) = try ModelTraining.prepare(recipe, series)
        let start = fold.test.map { dataset.samples[$0].time }.min()!
        let free = EngineConfiguration(costs: CostModel(commission: Rate(partsPerBillion: 0), sellTax: Rate(partsPerBillion: 0)))
        let figures = try SignalBacktest.run(name: "trend", version: 1, registry: registry, series: series, start: start, configuration: free)
        #expect(figures["trades"]! > 20)
        #expect(figures["total_return"]! > 0.05, "\(figures)")
        #expect(figures["sharpe"]! > 1, "\(figures)")
    }
}
