public import KumoCore

/// Chooses the next parameter set of a study from the trials so far. A proposal depends only on
/// the study's seed, the trial's number and the history it is given, so a study with `--seed` is
/// reproducible however its trials were spread over workers or interrupted.
public protocol Sampler: Sendable {
    /// Indices into the space's values, or nil when the space has nothing left to try.
    func propose(number: Int, history: [Trial], context: SamplingContext) -> [Int]?
}

/// What every sampler needs besides the history.
public struct SamplingContext: Sendable {
    public var space: ParameterSpace
    public var constraint: ParameterConstraint?
    public var seed: UInt64
    /// Index tuples already taken (run, running or proposed in this batch).
    public var taken: Set<[Int]>

    public init(space: ParameterSpace, constraint: ParameterConstraint?, seed: UInt64, taken: Set<[Int]> = []) {
        self.space = space
        self.constraint = constraint
        self.seed = seed
        self.taken = taken
    }

    public func admits(_ indices: [Int]) -> Bool {
        !taken.contains(indices) && (constraint?.admits(space.assignment(indices)) ?? true)
    }

    /// The generator of trial `number`: the seed and the number mixed, so trials draw apart.
    public func generator(for number: Int) -> SplitMix64 {
        var mixer = SplitMix64(seed: seed ^ (UInt64(number) &* 0x9E37_79B9_7F4A_7C15))
        return SplitMix64(seed: mixer.next())
    }

    /// A uniformly drawn admissible set not yet taken; nil when none is left.
    public func randomFree(_ generator: inout SplitMix64) -> [Int]? {
        for _ in 0..<2_000 {
            let indices = space.parameters.map { Int.random(in: 0..<$0.values.count, using: &generator) }
            if admits(indices) { return indices }
        }
        // Crowded or tightly constrained space: walk it in order from a random start.
        let total = space.size
        guard total < 5_000_000 else { return nil }
        let start = Int.random(in: 0..<total, using: &generator)
        for offset in 0..<total {
            let indices = GridSampler.indices(ofOrdinal: (start + offset) % total, in: space)
            if admits(indices) { return indices }
        }
        return nil
    }
}

/// Every admissible set in order, first parameter slowest.
public struct GridSampler: Sampler {
    public init() {}

    /// Trial k takes the k-th admissible set or a later one, so the walk starts at ordinal k.
    public func propose(number: Int, history: [Trial], context: SamplingContext) -> [Int]? {
        let total = context.space.size
        guard total < Int.max, number < total else { return nil }
        for ordinal in number..<total {
            let indices = Self.indices(ofOrdinal: ordinal, in: context.space)
            if context.admits(indices) { return indices }
        }
        return nil
    }

    /// The `ordinal`-th tuple of the space in row-major order.
    static func indices(ofOrdinal ordinal: Int, in space: ParameterSpace) -> [Int] {
        var rest = ordinal
        var result = [Int](repeating: 0, count: space.parameters.count)
        for position in stride(from: space.parameters.count - 1, through: 0, by: -1) {
            let count = space.parameters[position].values.count
            result[position] = rest % count
            rest /= count
        }
        return result
    }
}

/// Independent uniform draws.
public struct RandomSampler: Sampler {
    public init() {}

    public func propose(number: Int, history: [Trial], context: SamplingContext) -> [Int]? {
        var generator = context.generator(for: number)
        return context.randomFree(&generator)
    }
}
