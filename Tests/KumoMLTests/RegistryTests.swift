import Foundation
import KumoCore
import KumoML
import KumoModels
import Testing

/// The registry's stages, the model service's batched predictions, shadows, ensembles and drift.
struct RegistryTests {
    static func registry() -> ModelRegistry {
        ModelRegistry(root: FileManager.default.temporaryDirectory.appendingPathComponent("kumo-registry-\(UUID().uuidString)"))
    }

    static let recipe = try! ModelRecipe.parse(Data(#"""
        {"spec": {"format": "kumo-model/1", "name": "probe", "input": {"time": 10, "features": 4}, "layers": [
           {"op": "last_step"}, {"op": "linear", "weights": "fc", "in_features": 4, "out_features": 8}, {"op": "tanh"},
           {"op": "linear", "weights": "out", "in_features": 8, "out_features": 1}]},
         "features": ["return:1", "return:5", "range", "volume_z:20"], "label": {"kind": "forward_return", "horizon": 1},
         "train": {"loss": "mse", "optimizer": {"type": "adam", "lr": 0.01}, "batch_size": 64, "epochs": 3, "shuffle": true, "seed": 3},
         "data": {"test_share": 0.3}}
        """#.utf8), file: "recipe.json", folder: URL(fileURLWithPath: "/"))

    @Test func stagesMoveByPromoteShadowAndRollback() throws {
        let registry = Self.registry()
        let series = LearningTests.series(symbols: 2, days: 300, phi: 0.3, seed: 1)
        for _ in 0..<3 { _ = try ModelTraining.train(name: "probe", recipe: Self.recipe, series: series, registry: registry) }
        func stages() -> [String] { registry.versions("probe").map(\.stage.rawValue) }
        #expect(stages() == ["candidate", "candidate", "candidate"])
        try registry.promote("probe", 1)
        try registry.promote("probe", 2)
        #expect(stages() == ["archived", "production", "candidate"])
        try registry.shadow("probe", 3)
        #expect(stages() == ["archived", "production", "shadow"])
        #expect(throws: ModelRegistry.Failure.self) { try registry.shadow("probe", 2) }
        #expect(try registry.rollback("probe").version == 1)
        #expect(stages() == ["production", "archived", "shadow"])
        #expect(throws: ModelRegistry.Failure("probe has no earlier production to roll back to")) { try registry.rollback("probe") }
        let meta = try registry.meta("probe", 1)
        #expect(meta.dataFingerprint.hasPrefix("fnv1a64:"))
        #expect(meta.trainSamples > 0 && meta.metrics != nil && meta.symbols == ["S0", "S1"])
        // The same data gives the same fingerprint and the same model.
        #expect(meta.dataFingerprint == (try registry.meta("probe", 2)).dataFingerprint)
    }

    @Test func theServiceBatchesPredictionsThatEqualTheModelsOwn() throws {
        let registry = Self.registry()
        let series = LearningTests.series(symbols: 3, days: 120, phi: 0.3, seed: 2)
        _ = try ModelTraining.train(name: "probe", recipe: Self.recipe, series: series, registry: registry)
        try registry.promote("probe", 1)
        let service = try ModelService(registry: registry, names: ["probe"])
        for day in 0..<60 { for (symbol, bars) in series { service.observe(symbol: symbol, bar: bars[day]) } }
        let loaded = try registry.load("probe", 1)
        for (symbol, bars) in series {
            // The window the model needs: the last 10 feature rows up to day 59, scaled by the stored normaliser.
            let rows = FeatureBuilder.rows(Self.recipe.features, over: Array(bars[0..<60])).suffix(10).map { $0.map { $0! } }
            let input = Tensor(shape: [1, 10, 4], data: rows.flatMap { loaded.normalizer.apply($0).map(Float.init) })
            let expected = try loaded.model.predict(input).data.map(Double.init)
            // One batch of three versus one row alone: products summed in another order, so not bit-equal.
            let served = try #require(service.prediction("probe", symbol: symbol))
            #expect(abs(served[0] - expected[0]) < 1e-6, "\(served) vs \(expected)")
        }
        #expect(service.prediction("probe", symbol: Symbol("NONE")!) == nil)
        #expect(throws: ModelRegistry.Failure.self) { try ModelService(registry: registry, names: ["missing"]) }
    }

    @Test func aShadowIsScoredOnTheSameEvents() throws {
        let registry = Self.registry()
        let planted = LearningTests.series(symbols: 4, days: 600, phi: 0.4, seed: 5)
        let noise = LearningTests.series(symbols: 4, days: 600, phi: 0, seed: 6)
        _ = try ModelTraining.train(name: "probe", recipe: Self.recipe, series: noise, registry: registry)  // learned nothing
        _ = try ModelTraining.train(name: "probe", recipe: Self.recipe, series: planted, registry: registry)  // learned the signal
        try registry.promote("probe", 1)
        try registry.shadow("probe", 2)
        let service = try ModelService(registry: registry, names: ["probe"])
        let live = LearningTests.series(symbols: 4, days: 400, phi: 0.4, seed: 7)
        for day in 0..<400 { for (symbol, bars) in live { service.observe(symbol: symbol, bar: bars[day]) } }
        let (shadow, comparison) = try #require(service.shadowComparison("probe"))
        #expect(shadow.version == 2)
        #expect(comparison.samples > 1000)
        #expect(comparison.shadowIC > comparison.productionIC + 0.1, "\(comparison)")
        #expect(comparison.shadowPnL > comparison.productionPnL)
        #expect(comparison.shadowHitRate > 0.55)
    }

    @Test func driftAlertsOnAChangedRegimeAndNotOnTheSameOne() throws {
        let registry = Self.registry()
        let series = LearningTests.series(symbols: 2, days: 600, phi: 0.2, seed: 8)
        _ = try ModelTraining.train(name: "probe", recipe: Self.recipe, series: series, registry: registry)
        try registry.promote("probe", 1)
        func drift(_ live: [(symbol: Symbol, bars: [Bar])]) throws -> (stability: [String: Double], alerts: [String]) {
            let service = try ModelService(registry: registry, names: ["probe"])
            for day in 0..<live[0].bars.count { for (symbol, bars) in live { service.observe(symbol: symbol, bar: bars[day]) } }
            return try #require(service.drift("probe"))
        }
        let same = try drift(LearningTests.series(symbols: 2, days: 400, phi: 0.2, seed: 9))
        #expect(same.alerts.isEmpty, "\(same.stability)")
        // Returns three times as volatile: the return features and the predictions move.
        var wild = LearningTests.series(symbols: 2, days: 400, phi: 0.2, seed: 9)
        for s in wild.indices {
            var previous = wild[s].bars[0].close.doubleValue
            var level = previous
            for i in wild[s].bars.indices {
                let r = log(wild[s].bars[i].close.doubleValue / previous) * 3
                previous = wild[s].bars[i].close.doubleValue
                level *= exp(r)
                wild[s].bars[i].close = Price(micros: Int64(level * 1e6))
                wild[s].bars[i].high = Price(micros: Int64(level * 1.01 * 1e6))
                wild[s].bars[i].low = Price(micros: Int64(level * 0.99 * 1e6))
            }
        }
        let moved = try drift(wild)
        #expect(moved.alerts.contains("return:1"), "\(moved.stability)")
        #expect(moved.alerts.contains("range"))
    }

    @Test func psiMatchesItsFormulaByHand() {
        // Training: 0…99, so deciles cut at 9.9, 19.8, …; live: all in the lowest bin.
        let baseline = DriftBaseline(training: (0..<100).map(Double.init))
        #expect(baseline.expected.allSatisfy { abs($0 - 0.1) < 1e-12 })
        let psi = baseline.stability(Array(repeating: 0, count: 50))
        // (1 − 0.1)·ln(1/0.1) + 9 × (0.0001 − 0.1)·ln(0.0001/0.1)
        let expected = 0.9 * log(10.0) + 9 * (0.0001 - 0.1) * log(0.0001 / 0.1)
        #expect(abs(psi - expected) < 1e-9)
        #expect(baseline.stability((0..<100).map(Double.init)) < 1e-12)
    }

    @Test func ensemblesCombineTheirMembers() throws {
        let mean = EnsembleSpec(members: ["a@1", "b@1"], method: .mean)
        #expect(mean.combine([[1.0], [3.0]]) == [2.0])
        let weighted = EnsembleSpec(members: ["a@1", "b@1"], method: .weighted, weights: [0.25, 0.75])
        #expect(weighted.combine([[4.0, 0], [0, 4.0]]) == [1.0, 3.0])
        // Stacking recovers y = 0.5 + 2a − b exactly.
        let rows = (0..<20).map { i in [Double(i % 7), Double(i % 5) * 1.5] }
        let stacked = EnsembleSpec.stacked(members: ["a@1", "b@1"], predictions: rows, labels: rows.map { 0.5 + 2 * $0[0] - $0[1] })
        #expect(abs(stacked.intercept - 0.5) < 1e-6 && abs(stacked.weights[0] - 2) < 1e-6 && abs(stacked.weights[1] + 1) < 1e-6)

        let registry = Self.registry()
        let series = LearningTests.series(symbols: 2, days: 150, phi: 0.3, seed: 3)
        _ = try ModelTraining.train(name: "a", recipe: Self.recipe, series: series, registry: registry)
        _ = try ModelTraining.train(name: "b", recipe: Self.recipe, series: LearningTests.series(symbols: 2, days: 150, phi: 0, seed: 4), registry: registry)
        try registry.register(name: "both", model: nil, normalizer: nil, recipe: nil, baselines: nil, data: ("ensemble", "", "", [], 0), metrics: nil, ensemble: mean)
        for name in ["a", "b", "both"] { try registry.promote(name, 1) }
        let service = try ModelService(registry: registry, names: ["a", "b", "both"])
        for day in 0..<80 { for (symbol, bars) in series { service.observe(symbol: symbol, bar: bars[day]) } }
        let symbol = series[0].symbol
        let a = try #require(service.prediction("a", symbol: symbol)), b = try #require(service.prediction("b", symbol: symbol))
        #expect(service.prediction("both", symbol: symbol) == [(a[0] + b[0]) / 2])
    }
}
