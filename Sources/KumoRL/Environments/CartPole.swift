import Foundation
public import KumoCore

/// A Swift port of gymnasium's CartPole-v1 (classic_control/cartpole.py, gymnasium 1.4): the same
/// constants, Euler integration in Double, termination at |x| > 2.4 or |θ| > 12°, reward 1 a step
/// (the step that ends it included), and the TimeLimit wrapper's truncation at 500 steps. It is the
/// control task the agents' learning tests run on; `Tests/KumoRLTests` checks it step for step
/// against gymnasium's own episodes.
public struct CartPole: Sendable {
    public static let gravity = 9.8
    public static let massCart = 1.0
    public static let massPole = 0.1
    public static let totalMass = massPole + massCart
    /// Half the pole's length.
    public static let length = 0.5
    public static let poleMassLength = massPole * length
    public static let forceMagnitude = 10.0
    /// Seconds between state updates.
    public static let tau = 0.02
    public static let thetaThreshold = 12 * 2 * Double.pi / 360
    public static let xThreshold = 2.4
    /// CartPole-v1's `max_episode_steps`.
    public static let maxSteps = 500

    /// x, ẋ, θ, θ̇.
    public private(set) var state: [Double]
    public private(set) var steps = 0
    public private(set) var isDone = false

    /// Starts from `state` (gymnasium draws each component from U(−0.05, 0.05)).
    public init(state: [Double]) {
        precondition(state.count == 4, "CartPole's state is x, ẋ, θ, θ̇")
        self.state = state
    }

    /// Starts from a state drawn uniformly from (−0.05, 0.05), as gymnasium's reset does (with its own generator).
    public init(generator: inout SplitMix64) {
        self.init(state: (0..<4).map { _ in (Double(generator.next() >> 11) / Double(1 << 53)) * 0.1 - 0.05 })
    }

    /// One step's outcome: the observation (float32, as gymnasium returns it), the reward, and
    /// whether the pole fell or the cart left the track (terminated) or 500 steps passed (truncated).
    public struct Step: Sendable, Equatable {
        public var observation: [Float]
        public var reward: Double
        public var terminated: Bool
        public var truncated: Bool
    }

    /// Pushes the cart right (action 1) or left (0).
    public mutating func step(_ action: Int) -> Step {
        precondition(action == 0 || action == 1, "CartPole's actions are 0 (left) and 1 (right), not \(action)")
        precondition(!isDone, "the episode is over: start a new one")
        let (x, xDot, theta, thetaDot) = (state[0], state[1], state[2], state[3])
        let force = action == 1 ? Self.forceMagnitude : -Self.forceMagnitude
        let cosTheta = cos(theta), sinTheta = sin(theta)
        let temp = (force + Self.poleMassLength * (thetaDot * thetaDot) * sinTheta) / Self.totalMass
        let denominator: Double = Self.length * (4.0 / 3.0 - Self.massPole * (cosTheta * cosTheta) / Self.totalMass)
        let thetaAcc: Double = (Self.gravity * sinTheta - cosTheta * temp) / denominator
        let xAcc = temp - Self.poleMassLength * thetaAcc * cosTheta / Self.totalMass
        state = [x + Self.tau * xDot, xDot + Self.tau * xAcc, theta + Self.tau * thetaDot, thetaDot + Self.tau * thetaAcc]
        steps += 1
        let terminated = state[0] < -Self.xThreshold || state[0] > Self.xThreshold || state[2] < -Self.thetaThreshold || state[2] > Self.thetaThreshold
        let truncated = !terminated && steps >= Self.maxSteps
        isDone = terminated || truncated
        return Step(observation: state.map(Float.init), reward: 1, terminated: terminated, truncated: truncated)
    }
}
