import Foundation
import KumoCore
import KumoML
import Testing

/// Training settings: their errors, the schedules' factors, early stopping on a validation split.
struct TrainingConfigTests {
    static func parse(_ json: String) -> String {
        do {
            _ = try TrainingConfig.parse(Data(json.utf8))
            return "parsed"
        } catch { return error.description }
    }

    @Test func badSettingsNameTheField() {
        #expect(Self.parse(#"{"loss": "mae", "optimizer": {"type": "adam", "lr": 0.1}, "batch_size": 8, "steps": 1}"#) == "train.json: loss: must be mse, huber or cross_entropy")
        #expect(Self.parse(#"{"loss": "mse", "optimizer": {"type": "rmsprop", "lr": 0.1}, "batch_size": 8, "steps": 1}"#) == "train.json: optimizer.type: 'rmsprop' is not sgd, adam or adamw")
        #expect(Self.parse(#"{"loss": "mse", "optimizer": {"type": "adam", "lr": -1}, "batch_size": 8, "steps": 1}"#) == "train.json: optimizer.lr: must be positive")
        #expect(Self.parse(#"{"loss": "mse", "optimizer": {"type": "adam", "lr": 0.1}, "batch_size": 0, "steps": 1}"#) == "train.json: batch_size: must be a positive integer")
        #expect(Self.parse(#"{"loss": "mse", "optimizer": {"type": "adam", "lr": 0.1}, "batch_size": 8}"#) == "train.json: steps: give a positive steps or epochs")
        #expect(Self.parse(#"{"loss": "mse", "optimizer": {"type": "adam", "lr": 0.1}, "batch_size": 8, "steps": 1, "schedule": "exp"}"#)
            == "train.json: schedule: 'exp' is not constant, step, cosine or warmup_cosine")
    }

    @Test func schedulesFollowTheirFormulas() {
        #expect(LearningRateSchedule.constant.factor(step: 7, total: 10) == 1)
        #expect(LearningRateSchedule.step.factor(step: 3, total: 9) == 0.5)  // halved each third
        #expect(LearningRateSchedule.step.factor(step: 7, total: 9) == 0.25)
        #expect(abs(LearningRateSchedule.cosine.factor(step: 5, total: 10) - 0.5) < 1e-6)
        #expect(LearningRateSchedule.warmupCosine(warmup: 4).factor(step: 1, total: 10) == 0.5)  // (1 + 1) / 4
        #expect(abs(LearningRateSchedule.warmupCosine(warmup: 4).factor(step: 7, total: 10) - 0.5) < 1e-6)  // half way through the rest
    }

    @Test func earlyStoppingKeepsTheBestValidationWeights() throws {
        // Targets the features cannot explain and a large step size: the validation loss stops
        // improving early; training stops after `patience` worse epochs and keeps the best weights.
        var random = SplitMix64(seed: 2)
        func uniform() -> Float { Float(Double(random.next() >> 11) / Double(1 << 53)) * 2 - 1 }
        let x = Tensor(shape: [200, 4, 2], data: (0..<1600).map { _ in uniform() })
        let y = Targets.values(Tensor(shape: [200, 1], data: (0..<200).map { _ in uniform() }))
        let spec = try ModelSpec.parse(Data(#"""
            {"format": "kumo-model/1", "name": "noise", "input": {"time": 4, "features": 2}, "layers": [
              {"op": "last_step"}, {"op": "linear", "weights": "a", "in_features": 2, "out_features": 16}, {"op": "relu"},
              {"op": "linear", "weights": "b", "in_features": 16, "out_features": 1}]}
            """#.utf8))
        let config = try TrainingConfig.parse(Data(#"""
            {"loss": "mse", "optimizer": {"type": "adam", "lr": 0.05}, "batch_size": 20, "epochs": 40, "validation_split": 0.25, "patience": 3, "seed": 5}
            """#.utf8))
        let trainer = Trainer(model: Model.initialized(spec, seed: 5), config: config)
        let log = trainer.run(x, y)
        #expect(log.stoppedEarly)
        #expect(log.validationLoss.count < 40)
        let best = log.validationLoss.min()!
        #expect(log.validationLoss.suffix(3).allSatisfy { $0 > best })
        // The model left behind is the best epoch's: its validation loss is the best one.
        let rows = Array(150..<200)
        let held = Tensor(shape: [50, 4, 2], data: rows.flatMap { x.data[$0 * 8..<($0 + 1) * 8] })
        #expect(abs(trainer.loss(held, y.rows(rows)) - best) < 1e-6)
    }
}
