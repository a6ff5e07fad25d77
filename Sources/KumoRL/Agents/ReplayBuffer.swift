/// A ring of n-step transitions for DQN: the observation, the action, the discounted reward of up
/// to n steps, the observation n steps on, and the discount that bootstraps from it (γ^k, or 0
/// when the episode ended for good within those steps).
public struct ReplayBuffer: Sendable {
    public let capacity: Int
    public let observationSize: Int
    private(set) var observations: [Float]
    private(set) var nextObservations: [Float]
    private(set) var actions: [Int]
    private(set) var rewards: [Float]
    private(set) var discounts: [Float]
    public private(set) var count = 0
    private var next = 0

    public init(capacity: Int, observationSize: Int) {
        precondition(capacity > 0, "a replay buffer holds at least one transition")
        self.capacity = capacity
        self.observationSize = observationSize
        observations = [Float](repeating: 0, count: capacity * observationSize)
        nextObservations = observations
        actions = [Int](repeating: 0, count: capacity)
        rewards = [Float](repeating: 0, count: capacity)
        discounts = rewards
    }

    /// Stores one transition, over the oldest when full.
    public mutating func add(observation: ArraySlice<Float>, action: Int, reward: Float, nextObservation: ArraySlice<Float>, discount: Float) {
        let base = next * observationSize
        observations.replaceSubrange(base..<base + observationSize, with: observation)
        nextObservations.replaceSubrange(base..<base + observationSize, with: nextObservation)
        actions[next] = action
        rewards[next] = reward
        discounts[next] = discount
        next = (next + 1) % capacity
        count = min(count + 1, capacity)
    }

    /// `size` transitions drawn uniformly with replacement.
    public func sample(_ size: Int, _ random: inout RandomSource) -> DQNBatch {
        precondition(count > 0, "the replay buffer is empty")
        let picks = (0..<size).map { _ in random.index(below: count) }
        var observations: [Float] = [], nextObservations: [Float] = []
        observations.reserveCapacity(size * observationSize)
        nextObservations.reserveCapacity(size * observationSize)
        for i in picks {
            observations += self.observations[i * observationSize..<(i + 1) * observationSize]
            nextObservations += self.nextObservations[i * observationSize..<(i + 1) * observationSize]
        }
        return DQNBatch(
            observations: observations, actions: picks.map { actions[$0] }, rewards: picks.map { rewards[$0] }, nextObservations: nextObservations,
            discounts: picks.map { discounts[$0] })
    }
}

/// A minibatch of n-step transitions for one DQN gradient step.
public struct DQNBatch: Sendable {
    public var observations: [Float]
    public var actions: [Int]
    public var rewards: [Float]
    public var nextObservations: [Float]
    /// γ^k for a transition that bootstraps after k steps; 0 for one whose episode ended.
    public var discounts: [Float]

    public init(observations: [Float], actions: [Int], rewards: [Float], nextObservations: [Float], discounts: [Float]) {
        self.observations = observations
        self.actions = actions
        self.rewards = rewards
        self.nextObservations = nextObservations
        self.discounts = discounts
    }

    public var rows: Int { actions.count }
}

/// Turns each environment's steps into n-step transitions: a step waits until n rewards follow it
/// or its episode ends (then every waiting step is emitted, bootstrapping only from a truncation).
public struct NStepAssembler: Sendable {
    public struct Transition: Sendable, Equatable {
        public var observation: [Float]
        public var action: Int
        public var reward: Float
        public var nextObservation: [Float]
        public var discount: Float
    }

    public let n: Int
    public let gamma: Float
    private var pending: [[(observation: [Float], action: Int, reward: Float)]]

    public init(n: Int, gamma: Float, environments: Int) {
        precondition(n >= 1, "n-step returns need n ≥ 1")
        self.n = n
        self.gamma = gamma
        pending = Array(repeating: [], count: environments)
    }

    /// Records environment `e`'s step from `observation` by `action`, which paid `reward` and led
    /// to `next` (the final observation when the episode ended); returns the transitions complete now.
    public mutating func add(_ e: Int, observation: [Float], action: Int, reward: Float, next: [Float], terminated: Bool, truncated: Bool) -> [Transition] {
        pending[e].append((observation, action, reward))
        var out: [Transition] = []
        func emit(from start: Int) {
            var total: Float = 0, discount: Float = 1
            for step in pending[e][start...] {
                total += discount * step.reward
                discount *= gamma
            }
            out.append(Transition(observation: pending[e][start].observation, action: pending[e][start].action, reward: total, nextObservation: next, discount: terminated ? 0 : discount))
        }
        if terminated || truncated {
            for start in pending[e].indices { emit(from: start) }
            pending[e].removeAll()
        } else if pending[e].count == n {
            emit(from: 0)
            pending[e].removeFirst()
        }
        return out
    }
}
