public import Foundation

/// A training run's settings, in the `train.json` format of the reference folder, plus Kumo's own
/// optional fields: `schedule` (constant, step, cosine, warmup_cosine), `epochs` instead of
/// `steps`, `validation_split` and `patience` for early stopping, `seed` and `shuffle`.
public struct TrainingConfig: Sendable {
    public var loss: Loss
    public var optimizer: OptimizerKind
    public var learningRate: Float
    public var weightDecay: Float
    public var batchSize: Int
    /// Update steps; with `epochs`, the steps of that many passes over the training rows.
    public var steps: Int?
    public var epochs: Int?
    public var clipGradientNorm: Float?
    public var shuffle: Bool
    public var schedule: LearningRateSchedule
    /// The share of rows, taken from the end, held out to stop early.
    public var validationSplit: Double
    /// Epochs without a better validation loss before stopping.
    public var patience: Int?
    public var seed: UInt64

    public static func read(_ url: URL) throws(ModelFileError) -> TrainingConfig {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw ModelFileError(file: url.lastPathComponent, field: "", "cannot be read: \(error.localizedDescription)") }
        return try parse(data, file: url.lastPathComponent)
    }

    public static func parse(_ data: Data, file: String = "train.json") throws(ModelFileError) -> TrainingConfig {
        func fail(_ field: String, _ message: String) -> ModelFileError { ModelFileError(file: file, field: field, message) }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw fail("", "is not a JSON object") }
        func number(_ dictionary: [String: Any], _ key: String, _ path: String, default value: Double? = nil) throws(ModelFileError) -> Double {
            if let number = dictionary[key] as? Double, number.isFinite { return number }
            if dictionary[key] == nil || dictionary[key] is NSNull, let value { return value }
            throw fail(path + key, "must be a number")
        }
        guard let lossName = object["loss"] as? String, let loss = Loss(name: lossName, delta: Float(object["huber_delta"] as? Double ?? 1)) else {
            throw fail("loss", "must be mse, huber or cross_entropy")
        }
        guard let optimizer = object["optimizer"] as? [String: Any], let type = optimizer["type"] as? String else {
            throw fail("optimizer.type", "is missing")
        }
        let learningRate = try number(optimizer, "lr", "optimizer.")
        guard learningRate > 0 else { throw fail("optimizer.lr", "must be positive") }
        let weightDecay = try number(optimizer, "weight_decay", "optimizer.", default: 0)
        let kind: OptimizerKind
        switch type {
        case "sgd": kind = .sgd(momentum: Float(try number(optimizer, "momentum", "optimizer.", default: 0)))
        case "adam", "adamw":
            let betas = optimizer["betas"] as? [Double] ?? [0.9, 0.999]
            guard betas.count == 2, betas.allSatisfy({ (0..<1).contains($0) }) else { throw fail("optimizer.betas", "must be two numbers in [0, 1)") }
            let epsilon = Float(try number(optimizer, "eps", "optimizer.", default: 1e-8))
            kind = type == "adam"
                ? .adam(beta1: Float(betas[0]), beta2: Float(betas[1]), epsilon: epsilon) : .adamW(beta1: Float(betas[0]), beta2: Float(betas[1]), epsilon: epsilon)
        default: throw fail("optimizer.type", "'\(type)' is not sgd, adam or adamw")
        }
        guard let batchSize = object["batch_size"] as? Int, batchSize > 0 else { throw fail("batch_size", "must be a positive integer") }
        let steps = object["steps"] as? Int
        let epochs = object["epochs"] as? Int
        guard (steps ?? 1) > 0, (epochs ?? 1) > 0, steps != nil || epochs != nil else { throw fail("steps", "give a positive steps or epochs") }
        var clip: Float?
        if let value = object["clip_grad_norm"], !(value is NSNull) {
            guard let number = value as? Double, number > 0 else { throw fail("clip_grad_norm", "must be a positive number or null") }
            clip = Float(number)
        }
        let scheduleName = object["schedule"] as? String ?? "constant"
        guard let schedule = LearningRateSchedule(name: scheduleName, warmup: object["warmup_steps"] as? Int ?? 0) else {
            throw fail("schedule", "'\(scheduleName)' is not constant, step, cosine or warmup_cosine")
        }
        let split = object["validation_split"] as? Double ?? 0
        guard (0..<1).contains(split) else { throw fail("validation_split", "must be in [0, 1)") }
        return TrainingConfig(
            loss: loss, optimizer: kind, learningRate: Float(learningRate), weightDecay: Float(weightDecay), batchSize: batchSize, steps: steps,
            epochs: epochs, clipGradientNorm: clip, shuffle: object["shuffle"] as? Bool ?? false, schedule: schedule, validationSplit: split,
            patience: object["patience"] as? Int, seed: UInt64(object["seed"] as? Int ?? 0))
    }
}

/// How the learning rate moves over the run: constant; step (halved every third of the run);
/// cosine (to zero at the end); warmup_cosine (linear from zero over `warmup` steps, then cosine).
public enum LearningRateSchedule: Sendable, Hashable {
    case constant, step, cosine
    case warmupCosine(warmup: Int)

    init?(name: String, warmup: Int) {
        switch name {
        case "constant": self = .constant
        case "step": self = .step
        case "cosine": self = .cosine
        case "warmup_cosine": self = .warmupCosine(warmup: max(warmup, 1))
        default: return nil
        }
    }

    /// The factor on the base rate at `step` (from 0) of `total`.
    public func factor(step: Int, total: Int) -> Float {
        let progress = Float(step) / Float(max(total, 1))
        switch self {
        case .constant: return 1
        case .step: return powf(0.5, Float(step * 3 / max(total, 1)))
        case .cosine: return 0.5 * (1 + cosf(.pi * progress))
        case .warmupCosine(let warmup):
            if step < warmup { return Float(step + 1) / Float(warmup) }
            let rest = Float(step - warmup) / Float(max(total - warmup, 1))
            return 0.5 * (1 + cosf(.pi * rest))
        }
    }
}
