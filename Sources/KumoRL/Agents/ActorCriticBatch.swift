/// A minibatch for one actor-critic gradient step: observations (rows × size), the actions taken,
/// their log-probabilities when taken, the advantages, the returns the value learns, and the
/// values predicted when taken (for the optional value clip).
public struct ActorCriticBatch: Sendable {
    public var observations: [Float]
    public var actions: ActionBatch
    public var oldLogProbabilities: [Float]
    public var advantages: [Float]
    public var returns: [Float]
    public var oldValues: [Float]

    public init(observations: [Float], actions: ActionBatch, oldLogProbabilities: [Float], advantages: [Float], returns: [Float], oldValues: [Float]) {
        self.observations = observations
        self.actions = actions
        self.oldLogProbabilities = oldLogProbabilities
        self.advantages = advantages
        self.returns = returns
        self.oldValues = oldValues
    }

    public var rows: Int { advantages.count }
}

/// What one gradient step measured, as stable-baselines3 logs it: the three loss terms and their
/// sum, the approximate KL divergence from the rollout's policy, the share of ratios clipped, and
/// the gradient norm before clipping.
public struct ActorCriticStats: Sendable, Hashable {
    public var policyLoss: Float
    public var valueLoss: Float
    public var entropyLoss: Float
    public var loss: Float
    public var approximateKL: Float
    public var clipFraction: Float
    public var gradientNorm: Float
}
