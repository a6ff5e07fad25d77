import Foundation
import KumoML

extension ActorCritic {
    /// Trains on `environment` for `totalSteps` environment steps (whole rollouts): collect
    /// `settings.steps` vector steps, bootstrap truncated episodes with the value of the state they
    /// ended on, compute GAE, then `settings.epochs` passes of shuffled minibatches. `report` hears
    /// each rollout's progress; returning false stops the run.
    @discardableResult
    public func learn(_ environment: any VectorEnvironment, totalSteps: Int, report: ((TrainingProgress) -> Bool)? = nil) -> TrainingProgress {
        precondition(environment.observationSize == observationSize && environment.actionSpace == actionSpace,
                     "the agent takes \(observationSize) observations and \(actionSpace); the environment gives \(environment.observationSize) and \(environment.actionSpace)")
        let started = Date()
        environment.reset()
        var state = RolloutState(environment)
        var buffer = RolloutBuffer(steps: settings.steps, environments: environment.count, observationSize: observationSize)
        var taken = 0
        var progress = TrainingProgress(steps: 0, totalSteps: totalSteps, environment: environment, loss: nil, started: started)
        while taken < totalSteps {
            collect(environment, &state, into: &buffer)
            taken += settings.steps * environment.count
            let remaining = settings.linearDecay ? max(0, 1 - Float(taken) / Float(totalSteps)) : 1
            optimizer.learningRate = settings.learningRate * remaining
            let loss = train(buffer, clipRange: settings.clipRange * remaining)
            progress = TrainingProgress(steps: taken, totalSteps: totalSteps, environment: environment, loss: loss, started: started)
            if let report, !report(progress) { break }
        }
        return progress
    }

    /// Where a run's environments stand between rollouts: their observations and which began an episode.
    struct RolloutState {
        var observations: [Float]
        var starts: [Bool]

        init(_ environment: any VectorEnvironment) {
            observations = environment.observations
            starts = [Bool](repeating: true, count: environment.count)
        }
    }

    /// Fills `buffer` with `settings.steps` vector steps from `state`, then its advantages.
    func collect(_ environment: any VectorEnvironment, _ state: inout RolloutState, into buffer: inout RolloutBuffer) {
        let n = environment.count
        buffer.clear()
        for _ in 0..<settings.steps {
            let (actions, logProbabilities, values) = sample(state.observations, rows: n)
            environment.step(clipped(actions))
            var rewards = environment.rewards
            bootstrapTruncated(environment, &rewards)
            buffer.add(observations: state.observations, actions: actions, rewards: rewards, episodeStarts: state.starts, values: values, logProbabilities: logProbabilities)
            state.observations = environment.observations
            state.starts = (0..<n).map(environment.ended)
        }
        buffer.computeAdvantages(lastValues: values(state.observations, rows: n), lastStarts: state.starts, gamma: settings.gamma, lambda: settings.gaeLambda)
    }

    /// `settings.epochs` passes over the rollout in shuffled minibatches; returns the last loss.
    func train(_ buffer: RolloutBuffer, clipRange: Float) -> Float {
        let rows = buffer.steps * buffer.environments
        let size = settings.batchSize ?? rows
        var loss: Float = 0
        var order = Array(0..<rows)
        for _ in 0..<settings.epochs {
            if size < rows { random.shuffle(&order) }
            for start in stride(from: 0, to: rows, by: size) {
                loss = update(buffer.batch(order[start..<min(start + size, rows)]), clipRange: clipRange).loss
            }
        }
        return loss
    }

    /// A time-limit cut is not an end: the reward of the step that hit it gains γ·V(last state).
    func bootstrapTruncated(_ environment: any VectorEnvironment, _ rewards: inout [Float]) {
        let cut = (0..<environment.count).filter { environment.truncated[$0] }
        guard !cut.isEmpty else { return }
        let size = observationSize
        var finals: [Float] = []
        for e in cut { finals += environment.finalObservations[e * size..<(e + 1) * size] }
        for (e, v) in zip(cut, values(finals, rows: cut.count)) { rewards[e] += settings.gamma * v }
    }

    /// Continuous actions clipped to the space's bounds before the environment sees them.
    func clipped(_ actions: ActionBatch) -> ActionBatch {
        guard case .continuous(let values) = actions, case .continuous(_, let low, let high) = actionSpace else { return actions }
        return .continuous(values.map { min(max($0, low), high) })
    }
}
