/// N environments stepped together, so an agent runs one batched inference per step. Each
/// environment starts its next episode as soon as one ends; what it ended on stays readable in
/// ``finalObservations`` for bootstrapping a truncated episode.
///
/// Buffers are rows of ``observationSize`` floats, one per environment, rewritten by every step.
public protocol VectorEnvironment: AnyObject {
    var count: Int { get }
    var observationSize: Int { get }
    var actionSpace: ActionSpace { get }
    /// The current observation of every environment.
    var observations: [Float] { get }
    /// The last step's rewards.
    var rewards: [Float] { get }
    /// Whether the last step ended the episode for good (the pole fell, the account was ruined).
    var terminated: [Bool] { get }
    /// Whether the last step cut the episode at its time limit (its value still counts).
    var truncated: [Bool] { get }
    /// For an environment whose episode ended at the last step, the observation it ended on.
    var finalObservations: [Float] { get }
    /// The return (summed reward) of every episode finished so far, in the order they ended.
    var episodeReturns: [Double] { get }
    /// Starts a new episode in every environment.
    func reset()
    /// Applies one action per environment.
    func step(_ actions: ActionBatch)
}

extension VectorEnvironment {
    /// Whether environment `index`'s episode ended at the last step.
    public func ended(_ index: Int) -> Bool { terminated[index] || truncated[index] }
}
