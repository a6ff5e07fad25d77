public import Foundation
import KumoCore
public import KumoML
public import KumoModels

/// An RL training recipe (`rl.json`): the algorithm and its settings, the features and window the
/// agent observes, the trading environment (actions, reward, penalties, episodes, accounts), the
/// symbols, and the training and evaluation date ranges. Parsing names the field that is wrong.
public struct RLConfig: Sendable {
    public enum Algorithm: String, Sendable, CaseIterable { case ppo, a2c, a3c, dqn }

    public var algorithm: Algorithm
    public var features: [FeatureSpec]
    public var trading: TradingSettings
    public var actorCritic: ActorCriticSettings
    public var dqn: DQNSettings
    public var environments: Int
    public var steps: Int
    public var workers: Int?
    public var checkpointEvery: Int?
    public var symbols: [String]
    public var timeframe: String
    /// The bars training episodes are drawn from, and the held-out bars the agent is evaluated on (inclusive, KST dates).
    public var trainFrom: String?
    public var trainTo: String
    public var evalFrom: String
    public var evalTo: String?
    /// The file as read, stored with the agent.
    public var json: Data

    public static func read(_ url: URL) throws(ModelFileError) -> RLConfig {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw ModelFileError(file: url.lastPathComponent, field: "", "cannot be read: \(error.localizedDescription)") }
        return try parse(data, file: url.lastPathComponent)
    }

    public static func parse(_ data: Data, file: String = "rl.json") throws(ModelFileError) -> RLConfig {
        func fail(_ field: String, _ message: String) -> ModelFileError { ModelFileError(file: file, field: field, message) }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw fail("", "is not a JSON object") }
        let known: Set<String> = [
            "algorithm", "features", "window", "actions", "reward", "cost_penalty", "drawdown_penalty", "reward_scale", "sharpe_rate", "episode_length", "ruin",
            "environments", "steps", "workers", "checkpoint_every", "symbols", "timeframe", "train", "eval", "agent", "seed",
        ]
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) { throw fail(unknown, "is not a setting (\(known.sorted().joined(separator: ", ")))") }
        guard let name = object["algorithm"] as? String, let algorithm = Algorithm(rawValue: name) else {
            throw fail("algorithm", "must be one of \(Algorithm.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let names = object["features"] as? [String], !names.isEmpty else { throw fail("features", "must be a non-empty list of feature names") }
        var features: [FeatureSpec] = []
        for (index, name) in names.enumerated() {
            do { features.append(try FeatureSpec(parsing: name)) } catch { throw fail("features[\(index)]", error.description) }
        }
        func int(_ key: String, in source: [String: Any] = object, path: String = "", minimum: Int = 1, maximum: Int = Int(Int32.max)) throws(ModelFileError) -> Int? {
            guard let value = source[key] else { return nil }
            guard let number = value as? Int, number >= minimum, number <= maximum else { throw fail(path + key, "must be an integer from \(minimum) to \(maximum)") }
            return number
        }
        func number(_ key: String, in source: [String: Any] = object, path: String = "") throws(ModelFileError) -> Double? {
            guard let value = source[key] else { return nil }
            guard let number = value as? Double, number.isFinite else { throw fail(path + key, "must be a number") }
            return number
        }
        var trading = TradingSettings()
        trading.window = try int("window", maximum: 1_000) ?? trading.window
        trading.episodeLength = try int("episode_length") ?? trading.episodeLength
        switch object["actions"] {
        case nil: break
        case let text as String where text == "continuous":
            guard algorithm != .dqn else { throw fail("actions", "DQN chooses among levels; continuous weights need ppo, a2c or a3c") }
            trading.actions = .continuous
        case let table as [String: Any]:
            guard let levels = table["levels"] as? [Double] else { throw fail("actions.levels", "must be a list of target weights") }
            trading.actions = .levels(levels)
        default: throw fail("actions", "must be {\"levels\": [weights…]} or \"continuous\"")
        }
        if let reward = object["reward"] {
            guard let text = reward as? String, let kind = TradingSettings.Reward(rawValue: text) else {
                throw fail("reward", "must be one of \(TradingSettings.Reward.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            trading.reward = kind
        }
        trading.costPenalty = try number("cost_penalty") ?? trading.costPenalty
        trading.drawdownPenalty = try number("drawdown_penalty") ?? trading.drawdownPenalty
        trading.rewardScale = try number("reward_scale") ?? trading.rewardScale
        trading.sharpeRate = try number("sharpe_rate") ?? trading.sharpeRate
        trading.ruin = try number("ruin") ?? trading.ruin
        let seed = UInt64(try int("seed", minimum: 0) ?? 1)
        trading.seed = seed
        if let problem = trading.problem {
            let field = problem.split(separator: " ").first.map(String.init) ?? ""
            throw fail(field.hasPrefix("levels") ? "actions.\(field)" : field, problem)
        }

        let agent = object["agent"] as? [String: Any] ?? [:]
        if object["agent"] != nil, object["agent"] as? [String: Any] == nil { throw fail("agent", "must be an object of the algorithm's settings") }
        var actorCritic = algorithm == .ppo ? ActorCriticSettings() : ActorCriticSettings.a2c
        var dqn = DQNSettings()
        let p = "agent."
        let hidden: [Int]?
        if let value = agent["hidden"] {
            guard let sizes = value as? [Int], !sizes.isEmpty, sizes.count <= 8, sizes.allSatisfy({ (1...4_096).contains($0) }) else {
                throw fail("agent.hidden", "must be a list of 1 to 8 layer sizes from 1 to 4096")
            }
            hidden = sizes
        } else {
            hidden = nil
        }
        if algorithm == .dqn {
            let allowed: Set<String> = [
                "learning_rate", "buffer_size", "learning_starts", "batch_size", "gamma", "target_update_interval", "train_freq", "gradient_steps",
                "exploration_fraction", "exploration_initial_eps", "exploration_final_eps", "max_grad_norm", "n_steps", "double", "dueling", "hidden",
            ]
            if let unknown = agent.keys.sorted().first(where: { !allowed.contains($0) }) { throw fail(p + unknown, "is not a DQN setting (\(allowed.sorted().joined(separator: ", ")))") }
            dqn.learningRate = Float(try number("learning_rate", in: agent, path: p) ?? Double(dqn.learningRate))
            dqn.bufferSize = try int("buffer_size", in: agent, path: p, maximum: 5_000_000) ?? dqn.bufferSize
            dqn.learningStarts = try int("learning_starts", in: agent, path: p, minimum: 0) ?? dqn.learningStarts
            dqn.batchSize = try int("batch_size", in: agent, path: p, maximum: 100_000) ?? dqn.batchSize
            dqn.gamma = Float(try number("gamma", in: agent, path: p) ?? Double(dqn.gamma))
            dqn.targetUpdateInterval = try int("target_update_interval", in: agent, path: p) ?? dqn.targetUpdateInterval
            dqn.trainFrequency = try int("train_freq", in: agent, path: p) ?? dqn.trainFrequency
            dqn.gradientSteps = try int("gradient_steps", in: agent, path: p) ?? dqn.gradientSteps
            dqn.explorationFraction = Float(try number("exploration_fraction", in: agent, path: p) ?? Double(dqn.explorationFraction))
            dqn.initialEpsilon = Float(try number("exploration_initial_eps", in: agent, path: p) ?? Double(dqn.initialEpsilon))
            dqn.finalEpsilon = Float(try number("exploration_final_eps", in: agent, path: p) ?? Double(dqn.finalEpsilon))
            dqn.maxGradNorm = Float(try number("max_grad_norm", in: agent, path: p) ?? Double(dqn.maxGradNorm))
            dqn.nSteps = try int("n_steps", in: agent, path: p) ?? dqn.nSteps
            dqn.double = agent["double"] as? Bool ?? dqn.double
            dqn.dueling = agent["dueling"] as? Bool ?? dqn.dueling
            dqn.hidden = hidden ?? dqn.hidden
            dqn.seed = seed
            guard dqn.gamma > 0, dqn.gamma <= 1 else { throw fail("agent.gamma", "must be in (0, 1]") }
            guard dqn.learningRate > 0 else { throw fail("agent.learning_rate", "must be positive") }
        } else {
            let allowed: Set<String> = [
                "learning_rate", "n_steps", "batch_size", "n_epochs", "gamma", "gae_lambda", "clip_range", "clip_range_vf", "ent_coef", "vf_coef", "max_grad_norm",
                "normalize_advantage", "hidden", "activation", "linear_decay", "log_std_init",
            ]
            if let unknown = agent.keys.sorted().first(where: { !allowed.contains($0) }) { throw fail(p + unknown, "is not a \(algorithm.rawValue) setting (\(allowed.sorted().joined(separator: ", ")))") }
            actorCritic.learningRate = Float(try number("learning_rate", in: agent, path: p) ?? Double(actorCritic.learningRate))
            actorCritic.steps = try int("n_steps", in: agent, path: p) ?? actorCritic.steps
            if agent["batch_size"] != nil { actorCritic.batchSize = try int("batch_size", in: agent, path: p, maximum: 100_000) }
            actorCritic.epochs = try int("n_epochs", in: agent, path: p) ?? actorCritic.epochs
            actorCritic.gamma = Float(try number("gamma", in: agent, path: p) ?? Double(actorCritic.gamma))
            actorCritic.gaeLambda = Float(try number("gae_lambda", in: agent, path: p) ?? Double(actorCritic.gaeLambda))
            actorCritic.clipRange = Float(try number("clip_range", in: agent, path: p) ?? Double(actorCritic.clipRange))
            actorCritic.valueClipRange = try number("clip_range_vf", in: agent, path: p).map(Float.init)
            actorCritic.entropyCoefficient = Float(try number("ent_coef", in: agent, path: p) ?? Double(actorCritic.entropyCoefficient))
            actorCritic.valueCoefficient = Float(try number("vf_coef", in: agent, path: p) ?? Double(actorCritic.valueCoefficient))
            actorCritic.maxGradNorm = Float(try number("max_grad_norm", in: agent, path: p) ?? Double(actorCritic.maxGradNorm))
            actorCritic.normalizeAdvantage = agent["normalize_advantage"] as? Bool ?? actorCritic.normalizeAdvantage
            actorCritic.linearDecay = agent["linear_decay"] as? Bool ?? actorCritic.linearDecay
            actorCritic.initialLogStd = Float(try number("log_std_init", in: agent, path: p) ?? Double(actorCritic.initialLogStd))
            actorCritic.hidden = hidden ?? actorCritic.hidden
            if let name = agent["activation"] {
                guard let text = name as? String, let kind = Activation.Kind(rawValue: text) else { throw fail("agent.activation", "must be relu, tanh, sigmoid or gelu") }
                actorCritic.activation = kind
            }
            actorCritic.seed = seed
            guard actorCritic.gamma > 0, actorCritic.gamma <= 1 else { throw fail("agent.gamma", "must be in (0, 1]") }
            guard actorCritic.gaeLambda >= 0, actorCritic.gaeLambda <= 1 else { throw fail("agent.gae_lambda", "must be in [0, 1]") }
            guard actorCritic.learningRate > 0 else { throw fail("agent.learning_rate", "must be positive") }
            guard actorCritic.clipRange > 0 else { throw fail("agent.clip_range", "must be positive") }
        }
        let environments = try int("environments", maximum: 4_096) ?? 16
        let steps = try int("steps") ?? 200_000
        let workers = try int("workers", maximum: 256)
        if algorithm != .dqn, actorCritic.steps * environments > 10_000_000 {
            throw fail("agent.n_steps", "\(actorCritic.steps) steps × \(environments) environments is over the 10,000,000 samples a rollout may hold")
        }
        if workers != nil, algorithm != .a3c { throw fail("workers", "only A3C runs workers; \(algorithm.rawValue) steps its environments together") }
        guard let symbols = object["symbols"] as? [String] ?? (object["symbols"] == nil ? [] : nil) else { throw fail("symbols", "must be a list of symbol codes") }
        let timeframe = object["timeframe"] as? String ?? "1d"
        func range(_ key: String) throws(ModelFileError) -> (from: String?, to: String?) {
            guard let value = object[key] else { throw fail(key, "is missing: {\"from\": \"YYYY-MM-DD\", \"to\": \"YYYY-MM-DD\"}") }
            guard let table = value as? [String: Any] else { throw fail(key, "must be {\"from\": \"YYYY-MM-DD\", \"to\": \"YYYY-MM-DD\"}") }
            var out: (from: String?, to: String?) = (nil, nil)
            for end in ["from", "to"] {
                guard let text = table[end] else { continue }
                guard let date = text as? String, CivilDate(parsing: date) != nil else { throw fail("\(key).\(end)", "must be a date YYYY-MM-DD") }
                if end == "from" { out.from = date } else { out.to = date }
            }
            return out
        }
        let train = try range("train"), evaluation = try range("eval")
        guard let trainTo = train.to else { throw fail("train.to", "is missing: training ends before the evaluation begins") }
        guard let evalFrom = evaluation.from else { throw fail("eval.from", "is missing: the evaluation's first day") }
        guard evalFrom > trainTo else { throw fail("eval.from", "\(evalFrom) must come after train.to \(trainTo): the evaluation is held out") }
        return RLConfig(
            algorithm: algorithm, features: features, trading: trading, actorCritic: actorCritic, dqn: dqn, environments: environments, steps: steps,
            workers: workers, checkpointEvery: try int("checkpoint_every"), symbols: symbols, timeframe: timeframe, trainFrom: train.from, trainTo: trainTo,
            evalFrom: evalFrom, evalTo: evaluation.to, json: data)
    }
}
