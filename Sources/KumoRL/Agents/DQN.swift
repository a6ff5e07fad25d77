import Foundation
public import KumoML

/// A deep Q-network agent (Mnih et al.) with a target network, double-DQN targets, a dueling head
/// and n-step returns, taking stable-baselines3's gradient step: the smooth-L1 (Huber, δ = 1)
/// loss between Q(s, a) and `r + γ^k Q_target(s', argmax_a' Q(s', a'))`, clipped to
/// `maxGradNorm`, then Adam.
public final class DQN: @unchecked Sendable {
    // @unchecked Sendable: trained by one thread at a time.
    public let online: Model
    public let target: Model
    public let actions: Int
    public let settings: DQNSettings
    public let optimizer: Optimizer
    var random: RandomSource

    /// What one gradient step measured.
    public struct Stats: Sendable, Hashable {
        public var loss: Float
        public var meanQ: Float
        public var gradientNorm: Float
    }

    public convenience init(observationSize: Int, actions: Int, settings: DQNSettings) {
        let spec = Networks.mlp(name: "q", inputs: observationSize, hidden: settings.hidden, outputs: actions, activation: settings.activation, dueling: settings.dueling)
        let online = Networks.make(spec, seed: settings.seed)
        let target = Networks.make(spec, seed: settings.seed)
        self.init(online: online, target: target, settings: settings)
    }

    public init(online: Model, target: Model, settings: DQNSettings) {
        precondition(online.spec.outputSize == target.spec.outputSize, "the target network mirrors the online one")
        self.online = online
        self.target = target
        actions = online.spec.outputSize
        self.settings = settings
        random = RandomSource(seed: settings.seed &+ 2)
        optimizer = Optimizer(.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), learningRate: settings.learningRate, weightDecay: 0, parameters: online.parameters)
    }

    public var observationSize: Int { online.spec.features }

    /// Q(s, ·) of each observation, rows × actions.
    public func qValues(_ observations: [Float], rows: Int) -> [Float] { Networks.run(online, observations, rows: rows) }

    /// The greedy action of each observation (the first of equal maxima, as argmax).
    public func act(_ observations: [Float], rows: Int) -> [Int] {
        let q = qValues(observations, rows: rows)
        return (0..<rows).map { Self.argmax(q, row: $0, width: actions) }
    }

    static func argmax(_ values: [Float], row: Int, width: Int) -> Int {
        var best = 0
        for j in 1..<width where values[row * width + j] > values[row * width + best] { best = j }
        return best
    }

    /// Copies the online network into the target network.
    public func syncTarget() { Networks.copyWeights(from: online, to: target) }

    /// The loss of `batch`, its gradient left in the online network's parameters.
    public func gradients(_ batch: DQNBatch) -> Stats {
        let rows = batch.rows
        let nextOnline = settings.double ? Networks.run(online, batch.nextObservations, rows: rows) : []
        let nextTarget = Networks.run(target, batch.nextObservations, rows: rows)
        online.zeroGradients()
        let q = Networks.run(online, batch.observations, rows: rows, training: true)
        var gradient = [Float](repeating: 0, count: q.count)
        var loss: Float = 0, meanQ: Float = 0
        let count = Float(rows)
        for i in 0..<rows {
            let next = Self.argmax(settings.double ? nextOnline : nextTarget, row: i, width: actions)
            let goal = batch.rewards[i] + batch.discounts[i] * nextTarget[i * actions + next]
            let chosen = q[i * actions + batch.actions[i]]
            let error = chosen - goal
            if abs(error) < 1 {
                loss += 0.5 * error * error / count
                gradient[i * actions + batch.actions[i]] = error / count
            } else {
                loss += (abs(error) - 0.5) / count
                gradient[i * actions + batch.actions[i]] = (error > 0 ? 1 : -1) / count
            }
            meanQ += chosen / count
        }
        Networks.backward(online, gradient, rows: rows)
        return Stats(loss: loss, meanQ: meanQ, gradientNorm: optimizer.gradientNorm())
    }

    /// One gradient step on `batch`.
    @discardableResult
    public func update(_ batch: DQNBatch) -> Stats {
        let stats = gradients(batch)
        optimizer.clipGradients(maximum: settings.maxGradNorm)
        optimizer.step()
        return stats
    }

    /// Trains on `environment` (discrete actions) for `totalSteps` environment steps: random
    /// actions until `learningStarts`, then ε-greedy with ε falling linearly; n-step transitions
    /// into the replay buffer; `gradientSteps` updates every `trainFrequency` vector steps; the
    /// target network copied every `targetUpdateInterval` environment steps. `report` hears the
    /// progress about every thousand steps; returning false stops.
    @discardableResult
    public func learn(_ environment: any VectorEnvironment, totalSteps: Int, report: ((TrainingProgress) -> Bool)? = nil) -> TrainingProgress {
        guard case .discrete(let n) = environment.actionSpace, n == actions, environment.observationSize == observationSize else {
            preconditionFailure("DQN takes \(observationSize) observations and \(actions) discrete actions; the environment gives \(environment.observationSize) and \(environment.actionSpace)")
        }
        let count = environment.count, size = observationSize
        let started = Date()
        var buffer = ReplayBuffer(capacity: settings.bufferSize, observationSize: size)
        var assembler = NStepAssembler(n: settings.nSteps, gamma: settings.gamma, environments: count)
        environment.reset()
        var observations = environment.observations
        var taken = 0, vectorSteps = 0, lastReport = 0
        var loss: Float?
        let syncEvery = max(settings.targetUpdateInterval / count, 1)
        var progress = TrainingProgress(steps: 0, totalSteps: totalSteps, environment: environment, loss: nil, started: started)
        while taken < totalSteps {
            let epsilon = settings.epsilon(at: Float(taken) / Float(totalSteps))
            var chosen: [Int]
            if taken < settings.learningStarts {
                chosen = (0..<count).map { _ in random.index(below: actions) }
            } else {
                chosen = act(observations, rows: count)
                for e in 0..<count where Float(random.uniform()) < epsilon { chosen[e] = random.index(below: actions) }
            }
            environment.step(.discrete(chosen))
            let after = environment.observations
            for e in 0..<count {
                let ended = environment.ended(e)
                let next = Array((ended ? environment.finalObservations : after)[e * size..<(e + 1) * size])
                let transitions = assembler.add(
                    e, observation: Array(observations[e * size..<(e + 1) * size]), action: chosen[e], reward: environment.rewards[e], next: next,
                    terminated: environment.terminated[e], truncated: environment.truncated[e])
                for t in transitions {
                    buffer.add(observation: t.observation[...], action: t.action, reward: t.reward, nextObservation: t.nextObservation[...], discount: t.discount)
                }
            }
            observations = after
            taken += count
            vectorSteps += 1
            if taken > settings.learningStarts, vectorSteps % settings.trainFrequency == 0 {
                for _ in 0..<settings.gradientSteps { loss = update(buffer.sample(settings.batchSize, &random)).loss }
            }
            if vectorSteps % syncEvery == 0 { syncTarget() }
            if taken - lastReport >= 1_000 || taken >= totalSteps {
                lastReport = taken
                progress = TrainingProgress(steps: taken, totalSteps: totalSteps, environment: environment, loss: loss, started: started)
                if let report, !report(progress) { break }
            }
        }
        return progress
    }
}
