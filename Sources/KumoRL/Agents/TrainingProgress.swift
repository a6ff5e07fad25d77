import Foundation

/// Where a training run stands: environment steps taken, episodes finished, the mean return of the
/// last hundred, the last loss, and the rate.
public struct TrainingProgress: Sendable {
    public var steps: Int
    public var totalSteps: Int
    public var episodes: Int
    /// The mean return of the last (up to) 100 finished episodes.
    public var meanReturn: Double?
    public var loss: Float?
    public var stepsPerSecond: Double

    init(steps: Int, totalSteps: Int, environment: any VectorEnvironment, loss: Float?, started: Date) {
        self.steps = steps
        self.totalSteps = totalSteps
        let returns = environment.episodeReturns
        episodes = returns.count
        let recent = returns.suffix(100)
        meanReturn = recent.isEmpty ? nil : recent.reduce(0, +) / Double(recent.count)
        self.loss = loss
        stepsPerSecond = Double(steps) / max(Date().timeIntervalSince(started), 1e-9)
    }
}
