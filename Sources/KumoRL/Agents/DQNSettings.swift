public import KumoML

/// Settings of a DQN agent, named and defaulted as stable-baselines3 names them, with the
/// Rainbow parts it offers: double DQN, a dueling head and n-step returns.
public struct DQNSettings: Sendable, Hashable {
    public var learningRate: Float = 1e-4
    public var bufferSize = 100_000
    /// Environment steps taken at random before learning starts.
    public var learningStarts = 1_000
    public var batchSize = 32
    public var gamma: Float = 0.99
    /// Environment steps between copies of the online network into the target network.
    public var targetUpdateInterval = 1_000
    /// Vector steps between training rounds, and gradient steps per round.
    public var trainFrequency = 4
    public var gradientSteps = 1
    /// The share of the run over which ε falls linearly from `initialEpsilon` to `finalEpsilon`.
    public var explorationFraction: Float = 0.1
    public var initialEpsilon: Float = 1
    public var finalEpsilon: Float = 0.05
    public var maxGradNorm: Float = 10
    /// Steps summed into each return before bootstrapping.
    public var nSteps = 1
    /// Whether the next action is chosen by the online network and valued by the target (van Hasselt et al.).
    public var double = true
    public var dueling = true
    public var hidden = [64, 64]
    public var activation = Activation.Kind.relu
    public var seed: UInt64 = 1

    public init() {}

    /// ε after `fraction` of the run.
    public func epsilon(at fraction: Float) -> Float {
        guard explorationFraction > 0 else { return finalEpsilon }
        let progress = min(fraction / explorationFraction, 1)
        return initialEpsilon + (finalEpsilon - initialEpsilon) * progress
    }
}
