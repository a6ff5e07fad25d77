public import KumoML

/// Settings of the actor-critic agents (PPO, A2C, A3C), named and defaulted as stable-baselines3
/// names them for PPO.
public struct ActorCriticSettings: Sendable, Hashable {
    public var learningRate: Float = 3e-4
    /// Steps each environment takes per rollout (`n_steps`).
    public var steps = 2048
    /// Samples per gradient step; nil for the whole rollout in one.
    public var batchSize: Int? = 64
    /// Passes over each rollout (`n_epochs`).
    public var epochs = 10
    public var gamma: Float = 0.99
    /// GAE's λ: 1 gives Monte-Carlo advantages, 0 one-step temporal differences.
    public var gaeLambda: Float = 0.95
    /// PPO's ratio clip ε.
    public var clipRange: Float = 0.2
    /// A clip of the new value around the old one, when set.
    public var valueClipRange: Float?
    public var valueCoefficient: Float = 0.5
    public var entropyCoefficient: Float = 0
    /// The global gradient norm is clipped to this before each step.
    public var maxGradNorm: Float = 0.5
    public var normalizeAdvantage = true
    public var hidden = [64, 64]
    public var activation = Activation.Kind.tanh
    public var adamEpsilon: Float = 1e-5
    /// Whether the learning rate and the clip range fall linearly to zero over the run.
    public var linearDecay = false
    /// The Gaussian policy's starting log σ.
    public var initialLogStd: Float = 0
    public var seed: UInt64 = 1

    public init() {}

    /// A2C as stable-baselines3 sets it: five steps a rollout, one gradient step on the whole
    /// rollout, no advantage normalisation. With a single pass the ratio is 1, so PPO's clipped
    /// objective's gradient is exactly the policy gradient A2C takes.
    public static var a2c: ActorCriticSettings {
        var settings = ActorCriticSettings()
        settings.learningRate = 7e-4
        settings.steps = 5
        settings.batchSize = nil
        settings.epochs = 1
        settings.gaeLambda = 1
        settings.normalizeAdvantage = false
        return settings
    }
}
