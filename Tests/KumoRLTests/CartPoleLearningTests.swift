import Foundation
import KumoCore
import KumoRL
import Testing

/// PPO and DQN learn to balance the Swift CartPole-v1 (checked step for step against gymnasium's):
/// within a budget of environment steps, the greedy policy's average return over 20 fresh episodes
/// reaches 475 of the 500 possible. As stable-baselines3's EvalCallback does, the greedy policy is
/// evaluated every 5,000 steps and training stops once it is there. Settings are RL Baselines3
/// Zoo's tuned CartPole-v1 hyperparameters; every run is seeded.
extension LearningTests {
struct CartPoleLearningTests {
    /// The greedy policy's mean return over `episodes` episodes from seeded starts.
    static func evaluate(episodes: Int, seed: UInt64, act: ([Float]) -> Int) -> Double {
        var generator = SplitMix64(seed: seed)
        var total = 0.0
        for _ in 0..<episodes {
            var pole = CartPole(generator: &generator)
            var observation = pole.state.map(Float.init)
            while !pole.isDone {
                let step = pole.step(act(observation))
                total += step.reward
                observation = step.observation
            }
        }
        return total / Double(episodes)
    }

    /// A progress callback that evaluates the greedy policy every 5,000 steps into `score` and
    /// stops training once it averages 475.
    final class Score { var value = 0.0 }

    static func evaluator(score: Score, act: @escaping ([Float]) -> Int) -> (TrainingProgress) -> Bool {
        var next = 5_000
        return { progress in
            guard progress.steps >= next else { return true }
            next += 5_000
            score.value = evaluate(episodes: 20, seed: 99, act: act)
            return score.value < 475
        }
    }

    @Test func ppoBalancesThePoleWithinAHundredThousandSteps() {
        var settings = ActorCriticSettings()
        settings.steps = 32
        settings.batchSize = 256
        settings.gaeLambda = 0.8
        settings.gamma = 0.98
        settings.epochs = 20
        settings.learningRate = 1e-3
        settings.clipRange = 0.2
        settings.linearDecay = true
        settings.seed = 7
        let environment = CartPoleVector(count: 8, seed: 11)
        let agent = ActorCritic(observationSize: 4, actionSpace: .discrete(2), settings: settings)
        let budget = 100_000
        let started = Date()
        let greedy: ([Float]) -> Int = { observation in
            guard case .discrete(let actions) = agent.act(observation, rows: 1) else { return 0 }
            return actions[0]
        }
        let score = Score()
        let progress = agent.learn(environment, totalSteps: budget, report: Self.evaluator(score: score, act: greedy))
        print("PPO: \(progress.steps) steps, \(progress.episodes) episodes, last-100 mean \(progress.meanReturn ?? 0), greedy \(score.value), \(Date().timeIntervalSince(started)) s")
        #expect(progress.steps <= budget + 8 * 32)
        #expect(score.value >= 475, "PPO's greedy policy averaged \(score.value) after \(progress.steps) steps")
    }

    @Test func dqnBalancesThePoleWithinFiftyThousandSteps() {
        var settings = DQNSettings()
        settings.learningRate = 2.3e-3
        settings.batchSize = 64
        settings.bufferSize = 100_000
        settings.learningStarts = 1_000
        settings.gamma = 0.99
        settings.targetUpdateInterval = 10
        settings.trainFrequency = 256
        settings.gradientSteps = 128
        settings.explorationFraction = 0.16
        settings.finalEpsilon = 0.04
        settings.hidden = [256, 256]
        settings.seed = 7
        let environment = CartPoleVector(count: 1, seed: 11)
        let agent = DQN(observationSize: 4, actions: 2, settings: settings)
        let budget = 50_000
        let started = Date()
        let score = Score()
        let progress = agent.learn(environment, totalSteps: budget, report: Self.evaluator(score: score) { agent.act($0, rows: 1)[0] })
        print("DQN: \(progress.steps) steps, \(progress.episodes) episodes, last-100 mean \(progress.meanReturn ?? 0), greedy \(score.value), \(Date().timeIntervalSince(started)) s")
        #expect(progress.steps <= budget)
        #expect(score.value >= 475, "DQN's greedy policy averaged \(score.value) after \(progress.steps) steps")
    }
}
}
