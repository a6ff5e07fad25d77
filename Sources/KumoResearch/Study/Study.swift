import Dispatch
import Foundation
import Synchronization

/// A parameter search: proposes parameter sets with a sampler, runs them in batches of one per
/// worker (each on its own thread with its own VM), prunes hopeless trials — those whose
/// objective at a checkpoint after the first falls below the 25th percentile of earlier trials'
/// there (Optuna's `PercentilePruner` with one warm-up step) — and records every trial in the
/// store as its batch ends.
///
/// Proposals depend only on the seed, the trial number and the trials of earlier batches, and
/// pruning only on earlier batches, so a seeded study gives the same trials on any machine.
public struct Study: Sendable {
    public var space: ParameterSpace
    public var constraint: ParameterConstraint?
    public var objective: Objective
    public var sampler: any Sampler
    public var seed: UInt64
    public var workers: Int
    /// Checkpoints per trial at which pruning is considered (0 turns pruning off).
    public var checkpoints: Int
    /// Complete trials needed before anything is pruned.
    public var pruningStartup = 5
    /// A trial below this percentile of earlier trials at a checkpoint is hopeless.
    public var pruningPercentile = 25.0
    /// Checkpoints at which nothing is pruned yet (a quarter's Sharpe ratio says little).
    public var pruningWarmup = 1

    public init(space: ParameterSpace, constraint: ParameterConstraint?, objective: Objective, sampler: any Sampler, seed: UInt64, workers: Int, checkpoints: Int = 4) {
        self.space = space
        self.constraint = constraint
        self.objective = objective
        self.sampler = sampler
        self.seed = seed
        self.workers = max(1, workers)
        self.checkpoints = checkpoints
    }

    /// What `evaluate` is given for one trial: its parameters and the pruning rule.
    public struct TrialContext: Sendable {
        public var parameters: ParameterSet
        /// The pruning threshold at each checkpoint (nil: none yet).
        public var thresholds: [Double?]
        public var checkpoints: Int

        /// Whether a trial whose objective at checkpoint `step` (1-based) is `value` goes on.
        public func shouldContinue(step: Int, value: Double) -> Bool {
            guard step >= 1, step <= thresholds.count, let median = thresholds[step - 1] else { return true }
            return value >= median
        }
    }

    /// Runs trials until `trials` are recorded in all (those in `store` count) or the space is
    /// exhausted. `progress` hears each trial as it is recorded.
    public func run(
        trials target: Int, store: StudyStore?, evaluate: @escaping @Sendable (TrialContext) -> Trial,
        progress: (Trial, [Trial]) -> Void = { _, _ in }
    ) throws(ResearchError) -> [Trial] {
        var history = try store?.trials() ?? []
        while history.count < target {
            let batch = proposeBatch(history: history, count: min(workers, target - history.count))
            if batch.isEmpty { break }
            let thresholds = pruningMedians(history)
            let finished = Mutex<[Int: Trial]>([:])
            DispatchQueue.concurrentPerform(iterations: batch.count) { slot in
                let (number, indices) = batch[slot]
                let context = TrialContext(parameters: space.assignment(indices), thresholds: thresholds, checkpoints: checkpoints)
                var trial = evaluate(context)
                trial.number = number
                trial.indices = indices
                finished.withLock { $0[number] = trial }
            }
            let done = finished.withLock { results in batch.map { results[$0.number]! } }
            try store?.save(done)
            for trial in done {
                history.append(trial)
                progress(trial, history)
            }
        }
        return history
    }

    func proposeBatch(history: [Trial], count: Int) -> [(number: Int, indices: [Int])] {
        var context = SamplingContext(space: space, constraint: constraint, seed: seed, taken: Set(history.map(\.indices)))
        var batch: [(Int, [Int])] = []
        let first = (history.map(\.number).max() ?? -1) + 1
        for offset in 0..<count {
            guard let indices = sampler.propose(number: first + offset, history: history, context: context) else { break }
            context.taken.insert(indices)
            batch.append((first + offset, indices))
        }
        return batch
    }

    func pruningMedians(_ history: [Trial]) -> [Double?] {
        guard checkpoints > 0 else { return [] }
        // Optuna's rule: a percentile of every earlier trial that reached the step, pruned ones too.
        let reported = history.filter { $0.state != .failed }
        guard history.count(where: { $0.state == .complete }) >= pruningStartup else { return Array(repeating: nil, count: checkpoints) }
        return (0..<checkpoints).map { step in
            guard step >= pruningWarmup else { return nil }
            let values = reported.compactMap { $0.intermediate.count > step ? $0.intermediate[step] : nil }.filter(\.isFinite).sorted()
            guard !values.isEmpty else { return nil }
            // Linear interpolation between ranks, as numpy's percentile.
            let position = pruningPercentile / 100 * Double(values.count - 1)
            let lower = Int(position.rounded(.down))
            let upper = min(lower + 1, values.count - 1)
            return values[lower] + (values[upper] - values[lower]) * (position - Double(lower))
        }
    }

    /// The best complete trial (ties: the earlier).
    public static func best(_ trials: [Trial]) -> Trial? {
        trials.filter { $0.state == .complete && $0.value?.isFinite == true }.max { ($0.value!, -$0.number) < ($1.value!, -$1.number) }
    }
}
