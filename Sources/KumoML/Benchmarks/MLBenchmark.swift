import Foundation
import KumoCore

/// `kumo bench ml`: inference latency at batch 1 and throughput at batch 256 of the reference
/// shapes (features 8, hidden 64, time 60), and LSTM training throughput (batch 64, Adam).
public struct MLBenchmark: Sendable {
    public var rounds: Int
    /// Only these model shapes (lstm, gru, cnn, transformer, train); all when empty.
    public var only: Set<String>

    public init(rounds: Int = 200, only: Set<String> = []) {
        self.rounds = rounds
        self.only = only
    }

    static func input(_ batch: Int, _ spec: ModelSpec, seed: UInt64) -> Tensor {
        var random = SplitMix64(seed: seed)
        let count = batch * spec.time * spec.features
        return Tensor(shape: [batch, spec.time, spec.features], data: (0..<count).map { _ in Float(Double(random.next() >> 11) / Double(1 << 53)) * 2 - 1 })
    }

    /// The median of `rounds` timings of `body`, in seconds.
    static func median(_ rounds: Int, _ body: () -> Void) -> Double {
        var times: [Double] = []
        for _ in 0..<rounds {
            let start = DispatchClock.now()
            body()
            times.append(DispatchClock.now() - start)
        }
        return times.sorted()[times.count / 2]
    }

    public func run() -> [String: Double] {
        var figures: [String: Double] = [:]
        for spec in [ReferenceSpecs.lstm(), ReferenceSpecs.gru(), ReferenceSpecs.cnn(), ReferenceSpecs.transformer()]
        where only.isEmpty || only.contains(spec.name) {
            let model = Model.initialized(spec, seed: 1)
            let one = Self.input(1, spec, seed: 2)
            let batch = Self.input(256, spec, seed: 3)
            for _ in 0..<5 { _ = try? model.predict(one) }
            figures["\(spec.name)_b1_us"] = Self.median(rounds) { _ = try? model.predict(one) } * 1e6
            _ = try? model.predict(batch)
            figures["\(spec.name)_b256_samples_per_s"] = 256 / Self.median(max(5, rounds / 20)) { _ = try? model.predict(batch) }
        }
        guard only.isEmpty || only.contains("train") else { return figures }
        let spec = ReferenceSpecs.lstm()
        let model = Model.initialized(spec, seed: 4)
        let trainer = Trainer(
            model: model,
            config: TrainingConfig(
                loss: .meanSquaredError, optimizer: .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), learningRate: 1e-3, weightDecay: 0, batchSize: 64,
                steps: 1, epochs: nil, clipGradientNorm: 1, shuffle: false, schedule: .constant, validationSplit: 0, patience: nil, seed: 0))
        let x = Self.input(64, spec, seed: 5)
        let y = Targets.values(Tensor(shape: [64, 1], data: (0..<64).map { Float($0 % 7) / 7 }))
        _ = trainer.lossAndGradients(x, y)
        figures["lstm_train_samples_per_s"] = 64 / Self.median(max(5, rounds / 20)) {
            _ = trainer.lossAndGradients(x, y)
            trainer.update(step: 0, of: 1)
        }
        return figures
    }
}
