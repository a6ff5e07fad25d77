import Foundation
import KumoCore

/// Trains a model on (x, targets) under a ``TrainingConfig``: batch k is rows [k·b, (k+1)·b) mod n
/// in order (or a seeded permutation per epoch with `shuffle`), the loss is the batch mean, the
/// gradients are clipped, the optimizer steps. A classification loss trains on the logits: a final
/// softmax layer of the spec is left out of the trained graph.
public final class Trainer: @unchecked Sendable {
    // @unchecked Sendable: driven by one thread; during a split batch each worker touches only its
    // own model copy, and the results are combined after all have finished.
    public let model: Model
    public let config: TrainingConfig
    public let optimizer: Optimizer
    /// Layers left off the end while training (a final softmax under cross-entropy).
    let dropped: Int
    /// Copies of the model that take a share of each large batch on the other cores (data
    /// parallel: their gradients are summed into the model's; their weights follow each update).
    private let replicas: [Model]

    /// `workers`: how many shares a batch splits into (default: one per core, at least 32 rows each).
    public init(model: Model, config: TrainingConfig, workers: Int? = nil) {
        self.model = model
        self.config = config
        optimizer = Optimizer(config.optimizer, learningRate: config.learningRate, weightDecay: config.weightDecay, parameters: model.parameters)
        dropped = config.loss == .crossEntropy && model.layers.last is Softmax ? 1 : 0
        let workers = workers ?? min(ProcessInfo.processInfo.activeProcessorCount, config.batchSize / 32)
        replicas = workers > 1 ? (1..<workers).map { _ in model.copy() } : []
    }

    /// The batch loss, leaving every parameter's gradient for it (before clipping). Large batches
    /// are split across the cores; the gradient is the same batch mean.
    public func lossAndGradients(_ x: Tensor, _ targets: Targets) -> Float {
        let rows = x.shape[0]
        let workers = replicas.isEmpty || rows < 2 * (replicas.count + 1) ? 1 : replicas.count + 1
        guard workers > 1 else { return shareLoss(model, x, targets, weight: 1) }
        let chunk = (rows + workers - 1) / workers
        let perSample = x.count / rows
        let losses = ResultSlots<Float>(count: workers)
        let models = [model] + replicas
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let start = worker * chunk, end = min(rows, start + chunk)
            guard start < end else { return }
            let slice = Tensor(shape: [end - start] + x.shape.dropFirst(), data: Array(x.data[start * perSample..<end * perSample]))
            losses.set(worker, shareLoss(models[worker], slice, targets.rows(Array(start..<end)), weight: Float(end - start) / Float(rows)))
        }
        for replica in replicas {
            for (mine, theirs) in zip(model.parameters, replica.parameters) {
                for i in mine.gradient.data.indices { mine.gradient.data[i] += theirs.gradient.data[i] }
            }
        }
        return losses.values.compactMap { $0 }.reduce(0, +)
    }

    /// One share of a batch through `model`: its loss and gradients scaled by its share of the rows.
    private func shareLoss(_ model: Model, _ x: Tensor, _ targets: Targets, weight: Float) -> Float {
        model.zeroGradients()
        let output = model.forward(x, training: true, dropping: dropped)
        var (loss, gradient) = config.loss.evaluate(output, targets)
        if weight != 1 { for i in gradient.data.indices { gradient.data[i] *= weight } }
        model.backward(gradient, dropping: dropped)
        return loss * weight
    }

    /// The loss without training (for validation).
    public func loss(_ x: Tensor, _ targets: Targets) -> Float {
        config.loss.evaluate(model.forward(x, training: false, dropping: dropped), targets).loss
    }

    /// Clips the gradients and applies one update at step `index` of `total` (for the schedule).
    public func update(step index: Int, of total: Int) {
        if let clip = config.clipGradientNorm { optimizer.clipGradients(maximum: clip) }
        optimizer.learningRate = config.learningRate * config.schedule.factor(step: index, total: total)
        optimizer.step()
        for replica in replicas {
            for (mine, theirs) in zip(model.parameters, replica.parameters) { theirs.value = mine.value }
        }
    }

    /// What a run produced: the batch loss of each step before its update, the validation loss of
    /// each epoch (when held out), and whether it stopped early.
    public struct Log: Sendable {
        public var loss: [Float] = []
        public var validationLoss: [Float] = []
        public var stoppedEarly = false
        public var samplesPerSecond: Double = 0
    }

    /// Runs the whole configuration on `x` (n, time, features) and `targets`; `progress` hears each step.
    public func run(_ x: Tensor, _ targets: Targets, progress: ((Int, Int, Float) -> Void)? = nil) -> Log {
        let n = x.shape[0]
        let held = Int(Double(n) * config.validationSplit)
        let trainRows = n - held
        precondition(trainRows > 0 && targets.count == n, "training needs rows to train on and one target per row")
        let perSample = x.count / max(n, 1)
        func rows(_ indices: [Int]) -> Tensor {
            var data: [Float] = []
            data.reserveCapacity(indices.count * perSample)
            for i in indices { data.append(contentsOf: x.data[i * perSample..<(i + 1) * perSample]) }
            return Tensor(shape: [indices.count] + x.shape.dropFirst(), data: data)
        }
        let b = config.batchSize
        let stepsPerEpoch = max(1, (trainRows + b - 1) / b)
        let total = config.steps ?? (config.epochs! * stepsPerEpoch)
        var random = SplitMix64(seed: config.seed)
        var order = Array(0..<trainRows)
        var log = Log()
        var best = Float.infinity
        var bestWeights = model.weights
        var sinceBest = 0
        let validation = held > 0 ? (rows(Array(trainRows..<n)), targets.rows(Array(trainRows..<n))) : nil
        let start = DispatchClock.now()
        for step in 0..<total {
            let epochStep = step % stepsPerEpoch
            if config.shuffle, epochStep == 0 {
                order = Array(0..<trainRows)
                for i in stride(from: trainRows - 1, to: 0, by: -1) { order.swapAt(i, Int(random.next() % UInt64(i + 1))) }
            }
            let indices = (0..<b).map { order[(step * b + $0) % trainRows] }
            let loss = lossAndGradients(rows(indices), targets.rows(indices))
            update(step: step, of: total)
            log.loss.append(loss)
            progress?(step + 1, total, loss)
            if let validation, epochStep == stepsPerEpoch - 1 {
                let value = self.loss(validation.0, validation.1)
                log.validationLoss.append(value)
                if value < best {
                    best = value
                    bestWeights = model.weights
                    sinceBest = 0
                } else {
                    sinceBest += 1
                    if let patience = config.patience, sinceBest >= patience {
                        log.stoppedEarly = true
                        break
                    }
                }
            }
        }
        if validation != nil, best.isFinite { restore(bestWeights) }
        log.samplesPerSecond = Double(log.loss.count * b) / max(DispatchClock.now() - start, 1e-9)
        return log
    }

    /// Puts saved weights back (the best validation epoch's).
    func restore(_ weights: [String: SafeTensors.Stored]) {
        for parameter in ([model] + replicas).flatMap(\.parameters) {
            if case .float32(let tensor) = weights[parameter.name] { parameter.value = tensor }
        }
    }
}

/// Seconds on a monotonic clock.
enum DispatchClock {
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
