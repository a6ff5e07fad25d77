import Foundation
import KumoCore
import KumoRL
import Testing

/// The CartPole port against gymnasium 1.4's CartPole-v1 (`Fixtures/make_cartpole.py` made the
/// episodes): the same start and actions give the same states, observations, rewards and ends,
/// step for step, over five random-policy episodes and one balanced to the 500-step limit.
struct CartPoleTests {
    struct Reference: Decodable {
        struct Episode: Decodable {
            struct Step: Decodable {
                var action: Int
                var state: [Double]
                var observation: [Double]
                var reward: Double
                var terminated: Bool
                var truncated: Bool
            }
            var seed: Int
            var start: [Double]
            var steps: [Step]
        }
        var gymnasium: String
        var episodes: [Episode]
    }

    static func reference() throws -> Reference {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/cartpole-reference.json")
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: file))
    }

    @Test func everyStepMatchesGymnasium() throws {
        let reference = try Self.reference()
        #expect(reference.gymnasium == "1.4.0" && reference.episodes.count == 6)
        var largest = 0.0
        for episode in reference.episodes {
            var pole = CartPole(state: episode.start)
            for (index, expected) in episode.steps.enumerated() {
                let step = pole.step(expected.action)
                for (mine, theirs) in zip(pole.state, expected.state) { largest = max(largest, abs(mine - theirs) / max(1, abs(theirs))) }
                #expect(step.observation == expected.observation.map(Float.init), "seed \(episode.seed) step \(index)")
                #expect(step.reward == expected.reward && step.terminated == expected.terminated && step.truncated == expected.truncated, "seed \(episode.seed) step \(index)")
            }
            #expect(pole.isDone && pole.steps == episode.steps.count)
        }
        #expect(largest < 1e-12, "largest difference from gymnasium's state: \(largest)")
        #expect(reference.episodes.last?.steps.count == CartPole.maxSteps && reference.episodes.last?.steps.last?.truncated == true)
    }

    @Test func aResetStartsInsideTheGymnasiumBox() {
        var generator = SplitMix64(seed: 16)
        for _ in 0..<1_000 {
            let pole = CartPole(generator: &generator)
            #expect(pole.state.allSatisfy { $0 >= -0.05 && $0 < 0.05 } && pole.steps == 0 && !pole.isDone)
        }
    }
}
