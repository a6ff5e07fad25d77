import Foundation
import KumoML
import KumoRL
import Testing

/// One PPO update and one DQN update from fixed weights and a fixed batch give PyTorch's losses,
/// gradients and new weights (`Fixtures/make_updates.py`, torch 2.13 with stable-baselines3 2.9's
/// losses); GAE and n-step returns give stable-baselines3's own buffers' figures. Each case takes
/// two steps on its batch, so the second checks Adam's moments as well as the first step.
struct AgentUpdateTests {
    static let tolerance: Float = 1e-5

    nonisolated(unsafe) static let reference: [String: Any] = {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/agent-updates.json")
        return try! JSONSerialization.jsonObject(with: Data(contentsOf: file)) as! [String: Any]
    }()

    static func floats(_ value: Any?) -> [Float] { (value as! [NSNumber]).map { $0.floatValue } }

    /// Puts the reference's tensors named `prefix + name` into `model`'s parameters.
    static func load(_ model: Model, _ weights: [String: Any], prefix: String) {
        for parameter in model.parameters {
            let values = floats(weights[prefix + parameter.name])
            precondition(values.count == parameter.value.count, "\(prefix + parameter.name): \(values.count) values for \(parameter.value.shape)")
            parameter.value = Tensor(shape: parameter.value.shape, data: values)
        }
    }

    /// The largest difference between `model`'s parameters (values or gradients) and the reference's.
    static func difference(_ parameters: [Parameter], _ expected: [String: Any], prefix: String, gradients: Bool) -> Float {
        var worst: Float = 0
        for parameter in parameters {
            let name = parameter.name == "log_std" ? "log_std" : prefix + parameter.name
            let mine = gradients ? parameter.gradient.data : parameter.value.data
            for (a, b) in zip(mine, floats(expected[name])) { worst = max(worst, abs(a - b)) }
        }
        return worst
    }

    func checkPPO(_ key: String) {
        let case_ = Self.reference[key] as! [String: Any]
        let continuous = case_["continuous"] as! Bool
        let size = case_["observation_size"] as! Int, hidden = case_["hidden"] as! [Int], outputs = case_["outputs"] as! Int
        let settingsObject = case_["settings"] as! [String: Any]
        var settings = ActorCriticSettings()
        settings.clipRange = 0.2
        settings.valueClipRange = (settingsObject["clip_range_vf"] as? NSNumber)?.floatValue
        settings.entropyCoefficient = 0.01
        settings.valueCoefficient = 0.5
        settings.maxGradNorm = 0.5
        settings.learningRate = 3e-4
        settings.adamEpsilon = 1e-5
        let weights = case_["weights"] as! [String: Any]
        let policy = Model.initialized(Networks.mlp(name: "policy", inputs: size, hidden: hidden, outputs: outputs, activation: .tanh), seed: 1)
        let value = Model.initialized(Networks.mlp(name: "value", inputs: size, hidden: hidden, outputs: 1, activation: .tanh), seed: 2)
        Self.load(policy, weights, prefix: "policy.")
        Self.load(value, weights, prefix: "value.")
        let logStd = continuous ? Parameter("log_std", Tensor(shape: [outputs], data: Self.floats(weights["log_std"]))) : nil
        let space: ActionSpace = continuous ? .continuous(size: outputs, low: -1, high: 1) : .discrete(outputs)
        let agent = ActorCritic(policy: policy, value: value, logStd: logStd, actionSpace: space, settings: settings)
        let actions: ActionBatch = continuous ? .continuous(Self.floats(case_["actions"])) : .discrete((case_["actions"] as! [Int]))
        let batch = ActorCriticBatch(
            observations: Self.floats(case_["observations"]), actions: actions, oldLogProbabilities: Self.floats(case_["old_log_prob"]),
            advantages: Self.floats(case_["advantages"]), returns: Self.floats(case_["returns"]), oldValues: Self.floats(case_["old_values"]))
        for (index, step) in (case_["steps"] as! [[String: Any]]).enumerated() {
            let stats = agent.gradients(batch, clipRange: 0.2)
            let expected: [(String, Float, Float)] = [
                ("policy_loss", stats.policyLoss, (step["policy_loss"] as! NSNumber).floatValue),
                ("value_loss", stats.valueLoss, (step["value_loss"] as! NSNumber).floatValue),
                ("entropy_loss", stats.entropyLoss, (step["entropy_loss"] as! NSNumber).floatValue),
                ("loss", stats.loss, (step["loss"] as! NSNumber).floatValue),
                ("approx_kl", stats.approximateKL, (step["approx_kl"] as! NSNumber).floatValue),
                ("clip_fraction", stats.clipFraction, (step["clip_fraction"] as! NSNumber).floatValue),
                ("gradient_norm", stats.gradientNorm, (step["gradient_norm"] as! NSNumber).floatValue),
            ]
            for (name, mine, theirs) in expected { #expect(abs(mine - theirs) <= Self.tolerance, "\(key) step \(index) \(name): \(mine) vs PyTorch \(theirs)") }
            let gradientError = max(
                Self.difference(policy.parameters, step["gradients"] as! [String: Any], prefix: "policy.", gradients: true),
                Self.difference(value.parameters, step["gradients"] as! [String: Any], prefix: "value.", gradients: true),
                logStd.map { Self.difference([$0], step["gradients"] as! [String: Any], prefix: "", gradients: true) } ?? 0)
            #expect(gradientError <= Self.tolerance, "\(key) step \(index): gradients differ by \(gradientError)")
            agent.applyGradients()
            let weightError = max(
                Self.difference(policy.parameters, step["weights"] as! [String: Any], prefix: "policy.", gradients: false),
                Self.difference(value.parameters, step["weights"] as! [String: Any], prefix: "value.", gradients: false),
                logStd.map { Self.difference([$0], step["weights"] as! [String: Any], prefix: "", gradients: false) } ?? 0)
            #expect(weightError <= Self.tolerance, "\(key) step \(index): weights differ by \(weightError)")
        }
    }

    @Test func aPPOUpdateWithACategoricalPolicyMatchesPyTorch() { checkPPO("ppo_discrete") }

    @Test func aPPOUpdateWithAGaussianPolicyAndAValueClipMatchesPyTorch() { checkPPO("ppo_gaussian") }

    @Test func aDoubleDuelingDQNUpdateMatchesPyTorch() {
        let case_ = Self.reference["dqn"] as! [String: Any]
        let size = case_["observation_size"] as! Int, hidden = case_["hidden"] as! [Int], actions = case_["actions_n"] as! Int
        var settings = DQNSettings()
        settings.learningRate = 1e-3
        settings.maxGradNorm = 10
        let spec = Networks.mlp(name: "q", inputs: size, hidden: hidden, outputs: actions, activation: .relu, dueling: true)
        let online = Model.initialized(spec, seed: 1), target = Model.initialized(spec, seed: 2)
        Self.load(online, case_["weights"] as! [String: Any], prefix: "")
        Self.load(target, case_["target_weights"] as! [String: Any], prefix: "")
        let agent = DQN(online: online, target: target, settings: settings)
        let dones = Self.floats(case_["dones"])
        let batch = DQNBatch(
            observations: Self.floats(case_["observations"]), actions: case_["actions"] as! [Int], rewards: Self.floats(case_["rewards"]),
            nextObservations: Self.floats(case_["next_observations"]), discounts: zip(Self.floats(case_["discounts"]), dones).map { $0 * (1 - $1) })
        for (index, step) in (case_["steps"] as! [[String: Any]]).enumerated() {
            let stats = agent.update(batch)
            #expect(abs(stats.loss - (step["loss"] as! NSNumber).floatValue) <= Self.tolerance, "step \(index) loss \(stats.loss)")
            #expect(abs(stats.meanQ - (step["mean_q"] as! NSNumber).floatValue) <= Self.tolerance, "step \(index) mean Q \(stats.meanQ)")
            #expect(abs(stats.gradientNorm - (step["gradient_norm"] as! NSNumber).floatValue) <= Self.tolerance, "step \(index) gradient norm \(stats.gradientNorm)")
            // The update has stepped: the gradients it left are the step's (clipping left them alone below the norm of 10).
            let gradientError = Self.difference(online.parameters, step["gradients"] as! [String: Any], prefix: "", gradients: true)
            #expect(gradientError <= Self.tolerance, "step \(index): gradients differ by \(gradientError)")
            let weightError = Self.difference(online.parameters, step["weights"] as! [String: Any], prefix: "", gradients: false)
            #expect(weightError <= Self.tolerance, "step \(index): weights differ by \(weightError)")
        }
    }

    @Test func gaeGivesStableBaselinesAdvantagesAndReturns() {
        let case_ = Self.reference["gae"] as! [String: Any]
        let steps = case_["steps"] as! Int, n = case_["environments"] as! Int
        var buffer = RolloutBuffer(steps: steps, environments: n, observationSize: 1)
        let rewards = Self.floats(case_["rewards"]), values = Self.floats(case_["values"]), starts = case_["episode_starts"] as! [Bool]
        for t in 0..<steps {
            let rows = t * n..<(t + 1) * n
            buffer.add(
                observations: [Float](repeating: 0, count: n), actions: .discrete([Int](repeating: 0, count: n)), rewards: Array(rewards[rows]),
                episodeStarts: Array(starts[rows]), values: Array(values[rows]), logProbabilities: [Float](repeating: 0, count: n))
        }
        buffer.computeAdvantages(
            lastValues: Self.floats(case_["last_values"]), lastStarts: case_["last_dones"] as! [Bool], gamma: (case_["gamma"] as! NSNumber).floatValue,
            lambda: (case_["gae_lambda"] as! NSNumber).floatValue)
        for (mine, theirs) in zip(buffer.advantages, Self.floats(case_["advantages"])) { #expect(abs(mine - theirs) <= Self.tolerance) }
        for (mine, theirs) in zip(buffer.returns, Self.floats(case_["returns"])) { #expect(abs(mine - theirs) <= Self.tolerance) }
        #expect(buffer.advantages.count == steps * n)
    }

    @Test func nStepTransitionsMatchStableBaselinesNStepBuffer() {
        let case_ = Self.reference["nstep"] as! [String: Any]
        var assembler = NStepAssembler(n: case_["n"] as! Int, gamma: (case_["gamma"] as! NSNumber).floatValue, environments: 1)
        var emitted: [Float: NStepAssembler.Transition] = [:]
        for step in case_["steps"] as! [[String: Any]] {
            let observation = (step["observation"] as! NSNumber).floatValue
            for t in assembler.add(
                0, observation: [observation], action: step["action"] as! Int, reward: (step["reward"] as! NSNumber).floatValue,
                next: [(step["next"] as! NSNumber).floatValue], terminated: step["terminated"] as! Bool, truncated: step["truncated"] as! Bool)
            {
                emitted[t.observation[0]] = t
            }
        }
        let expected = case_["transitions"] as! [[String: Any]]
        #expect(emitted.count == expected.count)
        for transition in expected {
            let start = transition["start"] as! Int
            guard let mine = emitted[Float(start * 10)] else {
                Issue.record("no transition from step \(start)")
                continue
            }
            #expect(abs(mine.reward - (transition["reward"] as! NSNumber).floatValue) <= Self.tolerance, "step \(start) reward")
            #expect(mine.nextObservation == [(transition["next"] as! NSNumber).floatValue], "step \(start) next observation")
            #expect(abs(mine.discount - (transition["bootstrap"] as! NSNumber).floatValue) <= Self.tolerance, "step \(start) discount")
        }
    }
}
