import KumoCore

/// `count` CartPole-v1 environments stepped together, each restarted from its own seeded draw as
/// soon as its episode ends. Actions: 0 pushes left, 1 right.
public final class CartPoleVector: VectorEnvironment {
    public let count: Int
    public let observationSize = 4
    public let actionSpace = ActionSpace.discrete(2)
    public private(set) var observations: [Float]
    public private(set) var rewards: [Float]
    public private(set) var terminated: [Bool]
    public private(set) var truncated: [Bool]
    public private(set) var finalObservations: [Float]
    /// Returns of the episodes finished so far, in the order they ended.
    public private(set) var episodeReturns: [Double] = []
    private var poles: [CartPole] = []
    private var running: [Double]
    private var generators: [SplitMix64]

    public init(count: Int, seed: UInt64) {
        precondition(count > 0, "a vector of environments holds at least one")
        self.count = count
        var seeds = SplitMix64(seed: seed)
        generators = (0..<count).map { _ in SplitMix64(seed: seeds.next()) }
        observations = [Float](repeating: 0, count: count * 4)
        finalObservations = observations
        rewards = [Float](repeating: 0, count: count)
        terminated = [Bool](repeating: false, count: count)
        truncated = terminated
        running = [Double](repeating: 0, count: count)
        reset()
    }

    public func reset() {
        poles = (0..<count).map { CartPole(generator: &generators[$0]) }
        for i in 0..<count {
            write(poles[i].state, into: &observations, at: i)
            running[i] = 0
        }
    }

    public func step(_ actions: ActionBatch) {
        guard case .discrete(let choices) = actions, choices.count == count else { preconditionFailure("CartPole takes one discrete action per environment") }
        for i in 0..<count {
            let outcome = poles[i].step(choices[i])
            rewards[i] = Float(outcome.reward)
            terminated[i] = outcome.terminated
            truncated[i] = outcome.truncated
            running[i] += outcome.reward
            write(poles[i].state, into: &observations, at: i)
            if outcome.terminated || outcome.truncated {
                write(poles[i].state, into: &finalObservations, at: i)
                episodeReturns.append(running[i])
                running[i] = 0
                poles[i] = CartPole(generator: &generators[i])
                write(poles[i].state, into: &observations, at: i)
            }
        }
    }

    private func write(_ state: [Double], into buffer: inout [Float], at index: Int) {
        for j in 0..<4 { buffer[index * 4 + j] = Float(state[j]) }
    }
}
