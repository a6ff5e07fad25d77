public import Foundation
public import KumoCore
public import KumoEngine
import KumoML
public import KumoModels

/// Training an agent from stored bars by an `rl.json` recipe: the normaliser fitted on the
/// training range, the trading environment over it, the algorithm's run with progress and
/// checkpoints, and the result registered like a supervised model (a candidate version with its
/// policy, critic, normaliser, recipe, drift baselines and `agent.json`).
public enum AgentTraining {
    public struct Outcome: Sendable {
        public var version: ModelVersion
        public var progress: TrainingProgress
        /// The first bar of the held-out range, where the evaluation starts trading.
        public var evaluationStart: Timestamp?
    }

    /// Midnight KST of `date` (YYYY-MM-DD); with `endOfDay`, the last nanosecond of that day.
    public static func instant(_ date: String, endOfDay: Bool = false) -> Timestamp {
        let day = CivilDate(parsing: date)!  // RLConfig checked every date
        let next = endOfDay ? day.adding(days: 1) : day
        let midnight = Timestamp(year: next.year, month: next.month, day: next.day, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)!
        return endOfDay ? Timestamp(nanoseconds: midnight.nanoseconds - 1) : midnight
    }

    /// Trains `config` on `series` and registers the agent as a candidate version of `name`.
    /// `checkpoints`, when given, receives the policy every `checkpointEvery` steps (`step-N/`).
    public static func train(
        name: String, config: RLConfig, series: [(symbol: Symbol, bars: [Bar])], registry: ModelRegistry, configuration: EngineConfiguration = EngineConfiguration(),
        checkpoints: URL? = nil, progress: ((TrainingProgress) -> Void)? = nil
    ) throws -> Outcome {
        let from = config.trainFrom.map { instant($0) }, to = instant(config.trainTo, endOfDay: true)
        let rows = series.flatMap { TradingSeries.trainingRows($0.bars, features: config.features, from: from, to: to) }
        guard rows.count > config.trading.window else {
            throw ModelRegistry.Failure("the training range holds \(rows.count) complete feature rows; a \(config.trading.window)-bar window needs more")
        }
        let normalizer = Normalizer(kind: .zscore, fitting: rows)
        var training: [TradingSeries] = []
        for item in series {
            do {
                training.append(try TradingSeries(
                    symbol: item.symbol, market: configuration.market(of: item.symbol), bars: item.bars, features: config.features, normalizer: normalizer,
                    window: config.trading.window, from: from, to: to))
            } catch { throw ModelRegistry.Failure("training range: \(error.description)") }
        }
        let (policy, value, finished) = try run(config, training, configuration, checkpoints: checkpoints, progress: progress)
        let spec = AgentSpec(
            algorithm: config.algorithm.rawValue, features: config.features.map(\.description), window: config.trading.window,
            levels: { if case .levels(let l) = config.trading.actions { l } else { nil } }(), valueHead: value == nil ? .q : .critic)
        let baselines = DriftBaselines(
            features: Dictionary(uniqueKeysWithValues: config.features.enumerated().map { j, feature in (feature.description, DriftBaseline(training: rows.map { $0[j] })) }),
            prediction: DriftBaseline(training: signals(policy, spec, training)))
        var hash = FNV1a()
        for item in training { for bar in item.bars[item.first...item.last] { hash.add(UInt64(bitPattern: bar.time.nanoseconds)); hash.add(UInt64(bitPattern: bar.close.micros)) } }
        let samples = training.reduce(0) { $0 + $1.last - $1.first + 1 }
        let dates = training.flatMap { [$0.bars[$0.first].time, $0.bars[$0.last].time] }
        let version = try registry.register(
            name: name, model: policy, normalizer: normalizer, recipe: config.json, baselines: baselines,
            data: ("fnv1a64:\(hash.hex):\(samples)", dates.min()!.isoDate(utcOffsetSeconds: KRXSessions.utcOffsetSeconds),
                   dates.max()!.isoDate(utcOffsetSeconds: KRXSessions.utcOffsetSeconds), series.map(\.symbol.code), samples),
            metrics: nil, agent: (spec, value))
        let evalFrom = instant(config.evalFrom)
        let start = series.compactMap { $0.bars.first { $0.time >= evalFrom }?.time }.min()
        return Outcome(version: version, progress: finished, evaluationStart: start)
    }

    /// Runs the algorithm; returns the policy network, the critic (nil for DQN) and the last progress.
    static func run(
        _ config: RLConfig, _ training: [TradingSeries], _ configuration: EngineConfiguration, checkpoints: URL?, progress: ((TrainingProgress) -> Void)?
    ) throws -> (Model, Model?, TrainingProgress) {
        func environment(_ count: Int, seed: UInt64) throws -> TradingEnvironment {
            var settings = config.trading
            settings.seed = seed
            do { return try TradingEnvironment(series: training, count: count, settings: settings, configuration: configuration) } catch {
                throw ModelRegistry.Failure(error.description)
            }
        }
        var nextCheckpoint = config.checkpointEvery ?? .max
        func report(_ policy: Model) -> (TrainingProgress) -> Bool {
            { state in
                progress?(state)
                if let checkpoints, state.steps >= nextCheckpoint {
                    try? policy.save(to: checkpoints.appendingPathComponent("step-\(state.steps)"))
                    nextCheckpoint += config.checkpointEvery!
                }
                return true
            }
        }
        let probe = try environment(1, seed: config.trading.seed)
        switch config.algorithm {
        case .ppo, .a2c:
            let agent = ActorCritic(observationSize: probe.observationSize, actionSpace: probe.actionSpace, settings: config.actorCritic)
            let finished = agent.learn(try environment(config.environments, seed: config.trading.seed), totalSteps: config.steps, report: report(agent.policy))
            return (agent.policy, agent.value, finished)
        case .a3c:
            let a3c = A3C(observationSize: probe.observationSize, actionSpace: probe.actionSpace, settings: config.actorCritic, workers: config.workers)
            let perWorker = max(1, config.environments / a3c.workers)
            let environments = try (0..<a3c.workers).map { try environment(perWorker, seed: config.trading.seed &+ UInt64($0) &* 7_919) }
            let handOut = Environments(environments)
            let callback = Reporter(report(a3c.shared.policy))
            let finished = a3c.learn(makeEnvironment: { handOut.values[$0] }, totalSteps: config.steps) { callback.report($0) }
            return (a3c.shared.policy, a3c.shared.value, finished)
        case .dqn:
            guard case .discrete(let n) = probe.actionSpace else { throw ModelRegistry.Failure("DQN needs levels") }
            let agent = DQN(observationSize: probe.observationSize, actions: n, settings: config.dqn)
            let finished = agent.learn(try environment(config.environments, seed: config.trading.seed), totalSteps: config.steps, report: report(agent.online))
            return (agent.online, nil, finished)
        }
    }

    /// The weight the policy would hold from a flat account, over (up to 2,000 of) the training bars: the drift baseline of its signal.
    static func signals(_ policy: Model, _ spec: AgentSpec, _ training: [TradingSeries]) -> [Double] {
        var values: [Double] = []
        for s in training {
            let stride = max(1, (s.last - s.first + 1) * training.count / 2_000)
            for t in Swift.stride(from: s.first, through: s.last, by: stride) {
                let input = Array(s.features[(t - spec.window + 1) * s.featureCount..<(t + 1) * s.featureCount]) + AgentSpec.flatAccount
                values.append(spec.decide(policy.forward(Tensor(shape: [1, 1, input.count], data: input)).data[...]).weight)
            }
        }
        return values
    }
}

/// Environments made before A3C's workers start, one per worker, handed out by index.
final class Environments: @unchecked Sendable {
    // @unchecked Sendable: worker i reads entry i only, after all were made.
    let values: [TradingEnvironment]
    init(_ values: [TradingEnvironment]) { self.values = values }
}

/// A progress callback shared with A3C's reporting worker (worker 0 alone calls it).
final class Reporter: @unchecked Sendable {
    let report: (TrainingProgress) -> Bool
    init(_ report: @escaping (TrainingProgress) -> Bool) { self.report = report }
}
