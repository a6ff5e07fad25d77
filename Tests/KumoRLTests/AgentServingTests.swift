import Foundation
import KumoBacktest
import KumoCore
import KumoEngine
import KumoML
import KumoModels
import KumoRL
import Testing

/// An agent stored in the registry and served by the engine acts as it acted in the environment:
/// the engine's held-out backtest (`AgentBacktest`, what `kumo rl train` records) makes the same
/// decisions, fills and return as the trading environment run over the same bars; and an agent
/// runs as a shadow beside production like any model.
struct AgentServingTests {
    static let levels = [0.0, 0.5, 0.95]

    static func setup(seed: UInt64) throws -> (bars: [Bar], series: TradingSeries, normalizer: Normalizer, spec: AgentSpec, policy: Model) {
        let bars = try TradingEnvironmentTests.bars("krx-005930-daily.csv", from: "2019-01-01", to: "2023-12-31")
        let features = TradingEnvironmentTests.features
        let normalizer = Normalizer(kind: .zscore, fitting: TradingSeries.trainingRows(bars, features: features))
        let series = try TradingSeries(symbol: Symbol("005930")!, market: .kospi, bars: bars, features: features, normalizer: normalizer, window: 5)
        let spec = AgentSpec(algorithm: "dqn", features: features.map(\.description), window: 5, levels: levels, valueHead: .q)
        // An untrained Q-network: its choices still follow the features and the account, so it trades often.
        let policy = Networks.make(Networks.mlp(name: "q", inputs: spec.observationSize, hidden: [16], outputs: levels.count, activation: .tanh), seed: seed)
        return (bars, series, normalizer, spec, policy)
    }

    static func register(_ registry: ModelRegistry, _ setup: (bars: [Bar], series: TradingSeries, normalizer: Normalizer, spec: AgentSpec, policy: Model)) throws -> Int {
        try registry.register(
            name: "probe", model: setup.policy, normalizer: setup.normalizer, recipe: Data("{}".utf8), baselines: nil,
            data: ("test", "2019-01-02", "2023-12-28", ["005930"], setup.bars.count), metrics: nil, agent: (setup.spec, nil)).version
    }

    @Test func theEnginesAgentBacktestMakesTheEnvironmentsDecisions() throws {
        let setup = try Self.setup(seed: 21)
        let registry = ModelRegistry(root: FileManager.default.temporaryDirectory.appendingPathComponent("kumo-agents-\(UUID().uuidString)"))
        let version = try Self.register(registry, setup)

        var settings = TradingSettings()
        settings.window = 5
        settings.actions = .levels(Self.levels)
        let environment = try TradingEnvironment(series: [setup.series], count: 1, settings: settings, sequential: true)
        var choices: [Int] = []
        repeat {
            let output = setup.policy.forward(Tensor(shape: [1, 1, environment.observationSize], data: environment.observations))
            let choice = setup.spec.decide(output.data[...]).choice!
            choices.append(choice)
            environment.step(.discrete([choice]))
        } while !environment.ended(0)
        #expect(Set(choices).count == Self.levels.count, "the probe uses every level")

        let figures = try AgentBacktest.run(
            name: "probe", version: version, registry: registry, series: [(Symbol("005930")!, setup.bars)], start: setup.bars[setup.series.first].time)
        #expect(environment.fills > 50)
        #expect(Int(figures["fills"]!) == environment.fills, "engine \(figures["fills"]!) fills, environment \(environment.fills)")
        let growth = environment.finalEquity[0] / environment.initialCash - 1
        #expect(abs(figures["total_return"]! - growth) < 1e-9, "engine \(figures["total_return"]!), environment \(growth)")
    }

    @Test func anAgentRunsAsAShadowBesideProduction() throws {
        let registry = ModelRegistry(root: FileManager.default.temporaryDirectory.appendingPathComponent("kumo-agents-\(UUID().uuidString)"))
        let production = try Self.setup(seed: 21), shadow = try Self.setup(seed: 22)
        try registry.promote("probe", try Self.register(registry, production))
        try registry.shadow("probe", try Self.register(registry, shadow))
        let service = try ModelService(registry: registry, names: ["probe"])
        #expect(service.shadowVersion("probe")?.version == 2)
        let symbol = Symbol("005930")!
        var acted = 0
        for bar in production.bars {
            service.observe(symbol: symbol, bar: bar)
            if let decision = service.act("probe", symbol: symbol, account: AgentSpec.flatAccount) {
                #expect(Self.levels.contains(decision.weight))
                acted += 1
            }
        }
        #expect(acted == production.bars.count - production.series.first)
        let comparison = try #require(service.shadowComparison("probe"))
        #expect(comparison.comparison.samples > 1_000, "the shadow is scored on every bar: \(comparison.comparison.samples)")
        #expect(comparison.comparison.productionIC != comparison.comparison.shadowIC)
    }
}
