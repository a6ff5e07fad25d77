/// One rollout of `steps` vector steps over `environments` environments, and its advantages by
/// generalised advantage estimation (GAE), as stable-baselines3's RolloutBuffer computes them.
/// Rows are step-major: row `t · environments + e`.
public struct RolloutBuffer: Sendable {
    public let steps: Int
    public let environments: Int
    public let observationSize: Int
    public internal(set) var observations: [Float] = []
    public internal(set) var discreteActions: [Int] = []
    public internal(set) var continuousActions: [Float] = []
    public internal(set) var rewards: [Float] = []
    /// Whether each row's observation began an episode.
    public internal(set) var episodeStarts: [Bool] = []
    public internal(set) var values: [Float] = []
    public internal(set) var logProbabilities: [Float] = []
    public private(set) var advantages: [Float] = []
    public private(set) var returns: [Float] = []

    public init(steps: Int, environments: Int, observationSize: Int) {
        self.steps = steps
        self.environments = environments
        self.observationSize = observationSize
        reserve()
    }

    private mutating func reserve() {
        let rows = steps * environments
        observations.reserveCapacity(rows * observationSize)
        rewards.reserveCapacity(rows)
        episodeStarts.reserveCapacity(rows)
        values.reserveCapacity(rows)
        logProbabilities.reserveCapacity(rows)
    }

    public var isFull: Bool { rewards.count == steps * environments }

    /// Adds one vector step.
    public mutating func add(observations: [Float], actions: ActionBatch, rewards: [Float], episodeStarts: [Bool], values: [Float], logProbabilities: [Float]) {
        precondition(!isFull, "the rollout is full")
        self.observations += observations
        switch actions {
        case .discrete(let a): discreteActions += a
        case .continuous(let a): continuousActions += a
        }
        self.rewards += rewards
        self.episodeStarts += episodeStarts
        self.values += values
        self.logProbabilities += logProbabilities
    }

    /// Advantages and returns: `δ_t = r_t + γ V(s_{t+1}) (1 − done) − V(s_t)`,
    /// `A_t = δ_t + γ λ (1 − done) A_{t+1}`, `R_t = A_t + V(s_t)`. `lastValues` are the values of the
    /// observations after the last step and `lastStarts` whether those began new episodes.
    public mutating func computeAdvantages(lastValues: [Float], lastStarts: [Bool], gamma: Float, lambda: Float) {
        precondition(isFull, "the rollout holds \(rewards.count) of \(steps * environments) rows")
        let n = environments
        advantages = [Float](repeating: 0, count: steps * n)
        for e in 0..<n {
            var last: Float = 0
            for t in stride(from: steps - 1, through: 0, by: -1) {
                let nextNonTerminal: Float, nextValue: Float
                if t == steps - 1 {
                    nextNonTerminal = lastStarts[e] ? 0 : 1
                    nextValue = lastValues[e]
                } else {
                    nextNonTerminal = episodeStarts[(t + 1) * n + e] ? 0 : 1
                    nextValue = values[(t + 1) * n + e]
                }
                let row = t * n + e
                let delta = rewards[row] + gamma * nextValue * nextNonTerminal - values[row]
                last = delta + gamma * lambda * nextNonTerminal * last
                advantages[row] = last
            }
        }
        returns = zip(advantages, values).map { $0 + $1 }
    }

    /// The rows at `indices` as a training batch.
    public func batch(_ indices: some Collection<Int>) -> ActorCriticBatch {
        var observations: [Float] = []
        observations.reserveCapacity(indices.count * observationSize)
        for i in indices { observations += self.observations[i * observationSize..<(i + 1) * observationSize] }
        let actions: ActionBatch
        if discreteActions.isEmpty {
            let size = continuousActions.count / rewards.count
            var chosen: [Float] = []
            for i in indices { chosen += continuousActions[i * size..<(i + 1) * size] }
            actions = .continuous(chosen)
        } else {
            actions = .discrete(indices.map { discreteActions[$0] })
        }
        return ActorCriticBatch(
            observations: observations, actions: actions, oldLogProbabilities: indices.map { logProbabilities[$0] },
            advantages: indices.map { advantages[$0] }, returns: indices.map { returns[$0] }, oldValues: indices.map { values[$0] })
    }

    /// Empties the buffer for the next rollout.
    public mutating func clear() {
        observations.removeAll(keepingCapacity: true)
        discreteActions.removeAll(keepingCapacity: true)
        continuousActions.removeAll(keepingCapacity: true)
        rewards.removeAll(keepingCapacity: true)
        episodeStarts.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        logProbabilities.removeAll(keepingCapacity: true)
    }
}
