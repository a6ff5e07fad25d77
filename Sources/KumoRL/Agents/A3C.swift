import Foundation
import KumoML

/// Asynchronous advantage actor-critic (Mnih et al., 2016): one worker per core, each with its
/// own environments and its own copy of the networks. A worker copies the shared weights, rolls
/// out `settings.steps` steps, computes the A2C gradient locally, then hands it to the shared
/// model, which clips it and takes one Adam step (shared moments) under a lock; the gradient work
/// runs in parallel, the updates one at a time, so no update is lost or torn.
public final class A3C: @unchecked Sendable {
    // @unchecked Sendable: the shared agent is only touched under `lock`.
    public let shared: ActorCritic
    public let workers: Int
    private let lock = NSLock()
    private var taken = 0
    private var updates = 0

    public init(observationSize: Int, actionSpace: ActionSpace, settings: ActorCriticSettings, workers: Int? = nil) {
        let workers = workers ?? ProcessInfo.processInfo.activeProcessorCount
        precondition(workers > 0, "A3C needs at least one worker")
        shared = ActorCritic(observationSize: observationSize, actionSpace: actionSpace, settings: settings)
        self.workers = workers
    }

    /// Gradient steps the shared model has taken.
    public var updateCount: Int { lock.withLock { updates } }

    /// Trains with `workers` threads, worker w on `makeEnvironment(w)`, until `totalSteps`
    /// environment steps are taken in all. `report` hears worker 0's progress after each of its
    /// updates (the steps are everyone's); returning false stops every worker.
    @discardableResult
    public func learn(makeEnvironment: @Sendable (Int) -> any VectorEnvironment, totalSteps: Int, report: (@Sendable (TrainingProgress) -> Bool)? = nil) -> TrainingProgress {
        let started = Date()
        let stop = StopFlag()
        let last = Latest()
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let environment = makeEnvironment(w)
            var settings = shared.settings
            settings.seed = shared.settings.seed &+ UInt64(w + 1) &* 1_000_003
            let local = lock.withLock {
                ActorCritic(
                    policy: shared.policy.copy(), value: shared.value.copy(), logStd: shared.logStd.map { Parameter("log_std", $0.value) },
                    actionSpace: shared.actionSpace, settings: settings)
            }
            environment.reset()
            var state = ActorCritic.RolloutState(environment)
            var buffer = RolloutBuffer(steps: settings.steps, environments: environment.count, observationSize: local.observationSize)
            while !stop.isSet {
                lock.withLock { for (from, to) in zip(shared.parameters, local.parameters) { to.value = from.value } }
                local.collect(environment, &state, into: &buffer)
                let stats = local.gradients(buffer.batch(0..<buffer.steps * buffer.environments), clipRange: .infinity)
                let done: Int = lock.withLock {
                    for (from, to) in zip(local.parameters, shared.parameters) { to.gradient = from.gradient }
                    shared.applyGradients()
                    updates += 1
                    taken += settings.steps * environment.count
                    return taken
                }
                if done >= totalSteps { stop.set() }
                guard w == 0 else { continue }
                let progress = TrainingProgress(steps: done, totalSteps: totalSteps, environment: environment, loss: stats.loss, started: started)
                last.set(progress)
                if let report, !report(progress) { stop.set() }
            }
        }
        return last.value ?? TrainingProgress(steps: lock.withLock { taken }, totalSteps: totalSteps, environment: makeEnvironment(0), loss: nil, started: started)
    }
}

/// A flag any worker may raise and every worker reads.
final class StopFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    var isSet: Bool { lock.withLock { raised } }
    func set() { lock.withLock { raised = true } }
}

/// The latest progress a worker reported.
final class Latest: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: TrainingProgress?
    var value: TrainingProgress? { lock.withLock { stored } }
    func set(_ progress: TrainingProgress) { lock.withLock { stored = progress } }
}
