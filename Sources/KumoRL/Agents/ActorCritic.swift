import Foundation
public import KumoML

/// An actor-critic agent: a policy network (logits, or Gaussian means with a learned log σ) and a
/// value network, trained together by one Adam optimiser. PPO, A2C and A3C all take their
/// gradient steps here, with stable-baselines3's losses: the clipped surrogate, the (optionally
/// clipped) squared value error and the entropy bonus.
public final class ActorCritic: @unchecked Sendable {
    // @unchecked Sendable: one thread trains an agent at a time; A3C gives each worker its own copy.
    public let policy: Model
    public let value: Model
    /// The Gaussian policy's log σ per action dimension; nil for discrete actions.
    public let logStd: Parameter?
    public let actionSpace: ActionSpace
    public let settings: ActorCriticSettings
    public let optimizer: Optimizer
    var random: RandomSource

    /// A fresh agent: MLPs of `settings.hidden` with PyTorch's default initialisation, the policy's
    /// output scaled by 0.01 so it starts near uniform (or near zero mean).
    public convenience init(observationSize: Int, actionSpace: ActionSpace, settings: ActorCriticSettings) {
        let policy = Networks.make(
            Networks.mlp(name: "policy", inputs: observationSize, hidden: settings.hidden, outputs: actionSpace.outputs, activation: settings.activation),
            seed: settings.seed, outputGain: 0.01)
        let value = Networks.make(
            Networks.mlp(name: "value", inputs: observationSize, hidden: settings.hidden, outputs: 1, activation: settings.activation), seed: settings.seed &+ 1)
        var logStd: Parameter?
        if case .continuous(let size, _, _) = actionSpace {
            logStd = Parameter("log_std", Tensor(shape: [size], data: [Float](repeating: settings.initialLogStd, count: size)))
        }
        self.init(policy: policy, value: value, logStd: logStd, actionSpace: actionSpace, settings: settings)
    }

    public init(policy: Model, value: Model, logStd: Parameter?, actionSpace: ActionSpace, settings: ActorCriticSettings) {
        precondition(policy.spec.outputSize == actionSpace.outputs, "the policy gives \(policy.spec.outputSize) outputs for \(actionSpace)")
        precondition(value.spec.outputSize == 1, "the value network gives one output")
        if case .continuous(let size, _, _) = actionSpace { precondition(logStd?.value.count == size, "a Gaussian policy needs a log σ per dimension") }
        self.policy = policy
        self.value = value
        self.logStd = logStd
        self.actionSpace = actionSpace
        self.settings = settings
        random = RandomSource(seed: settings.seed &+ 2)
        optimizer = Optimizer(
            .adam(beta1: 0.9, beta2: 0.999, epsilon: settings.adamEpsilon), learningRate: settings.learningRate, weightDecay: 0,
            parameters: policy.parameters + value.parameters + (logStd.map { [$0] } ?? []))
    }

    public var observationSize: Int { policy.spec.features }

    /// Every learned tensor: the policy's, the value's, then log σ.
    public var parameters: [Parameter] { optimizer.parameters }

    /// Draws an action for each of `rows` observations; returns them with their log-probabilities
    /// and the value estimates.
    public func sample(_ observations: [Float], rows: Int) -> (actions: ActionBatch, logProbabilities: [Float], values: [Float]) {
        let outputs = Networks.run(policy, observations, rows: rows)
        let values = Networks.run(value, observations, rows: rows)
        switch actionSpace {
        case .discrete(let n):
            var actions = [Int](repeating: 0, count: rows)
            for row in 0..<rows {
                var top = -Float.infinity
                for j in 0..<n { top = max(top, outputs[row * n + j]) }
                var weights = (0..<n).map { Double(expf(outputs[row * n + $0] - top)) }
                let total = weights.reduce(0, +)
                for j in 0..<n { weights[j] /= total }
                var draw = random.uniform(), choice = n - 1
                for j in 0..<n {
                    draw -= weights[j]
                    if draw < 0 {
                        choice = j
                        break
                    }
                }
                actions[row] = choice
            }
            let logP = PolicyDistribution.categorical(outputs, rows: rows, actions: actions).logProbabilities
            return (.discrete(actions), logP, values)
        case .continuous(let size, _, _):
            let logStd = logStd!.value.data
            var actions = outputs
            for row in 0..<rows { for d in 0..<size { actions[row * size + d] += expf(logStd[d]) * Float(random.normal()) } }
            let logP = PolicyDistribution.gaussian(outputs, logStd: logStd, actions: actions, rows: rows).logProbabilities
            return (.continuous(actions), logP, values)
        }
    }

    /// The most likely action of each observation (the mode, or the mean clipped to the bounds).
    public func act(_ observations: [Float], rows: Int) -> ActionBatch {
        let outputs = Networks.run(policy, observations, rows: rows)
        switch actionSpace {
        case .discrete(let n):
            return .discrete((0..<rows).map { row in (0..<n).max { outputs[row * n + $0] < outputs[row * n + $1] }! })
        case .continuous(_, let low, let high):
            return .continuous(outputs.map { min(max($0, low), high) })
        }
    }

    /// The value network's estimates.
    public func values(_ observations: [Float], rows: Int) -> [Float] { Networks.run(value, observations, rows: rows) }

    /// Computes the loss of `batch` and leaves its gradient in every parameter (nothing is updated).
    public func gradients(_ batch: ActorCriticBatch, clipRange: Float) -> ActorCriticStats {
        let rows = batch.rows
        let count = Float(rows)
        policy.zeroGradients()
        value.zeroGradients()
        if let logStd { logStd.gradient = Tensor(zeros: logStd.value.shape) }
        let outputs = Networks.run(policy, batch.observations, rows: rows, training: true)
        let values = Networks.run(value, batch.observations, rows: rows, training: true)

        var advantages = batch.advantages
        if settings.normalizeAdvantage, rows > 1 {
            let mean = advantages.reduce(0, +) / count
            let std = (advantages.reduce(Float(0)) { $0 + ($1 - mean) * ($1 - mean) } / (count - 1)).squareRoot()
            for i in 0..<rows { advantages[i] = (advantages[i] - mean) / (std + 1e-8) }
        }

        let logP: [Float], entropy: [Float]
        var categorical: (dLogP: [Float], dEntropy: [Float])?
        var gaussian: (dMean: [Float], dLogStd: [Float])?
        switch batch.actions {
        case .discrete(let actions):
            let d = PolicyDistribution.categorical(outputs, rows: rows, actions: actions)
            (logP, entropy, categorical) = (d.logProbabilities, d.entropies, (d.dLogP, d.dEntropy))
        case .continuous(let actions):
            let d = PolicyDistribution.gaussian(outputs, logStd: logStd!.value.data, actions: actions, rows: rows)
            (logP, entropy, gaussian) = (d.logProbabilities, d.entropies, (d.dMean, d.dLogStd))
        }

        var policyLoss: Float = 0, valueLoss: Float = 0, entropyMean: Float = 0, kl: Float = 0, clipped: Float = 0
        var dLogP = [Float](repeating: 0, count: rows)
        var dValue = [Float](repeating: 0, count: rows)
        let (low, high) = (1 - clipRange, 1 + clipRange)
        for i in 0..<rows {
            let logRatio = logP[i] - batch.oldLogProbabilities[i]
            let ratio = expf(logRatio)
            let inRange = ratio >= low && ratio <= high
            let surrogate = advantages[i] * ratio
            let clippedSurrogate = advantages[i] * min(max(ratio, low), high)
            policyLoss -= min(surrogate, clippedSurrogate) / count
            // torch.min sends the gradient to the smaller term, half to each on a tie; clamp passes it inside its range only.
            let throughClip = inRange ? advantages[i] : 0
            let dSurrogate: Float = surrogate < clippedSurrogate ? advantages[i] : surrogate > clippedSurrogate ? throughClip : 0.5 * (advantages[i] + throughClip)
            dLogP[i] = -dSurrogate * ratio / count
            kl += (ratio - 1 - logRatio) / count
            if abs(ratio - 1) > clipRange { clipped += 1 / count }

            var predicted = values[i], dPredicted: Float = 1
            if let valueClip = settings.valueClipRange {
                let change = values[i] - batch.oldValues[i]
                predicted = batch.oldValues[i] + min(max(change, -valueClip), valueClip)
                dPredicted = change >= -valueClip && change <= valueClip ? 1 : 0
            }
            let error = predicted - batch.returns[i]
            valueLoss += error * error / count
            dValue[i] = settings.valueCoefficient * 2 * error / count * dPredicted
            entropyMean += entropy[i] / count
        }
        let dEntropy = -settings.entropyCoefficient / count
        var dOutputs = [Float](repeating: 0, count: outputs.count)
        let width = outputs.count / rows
        if let categorical {
            for i in 0..<rows { for j in 0..<width { dOutputs[i * width + j] = dLogP[i] * categorical.dLogP[i * width + j] + dEntropy * categorical.dEntropy[i * width + j] } }
        } else if let gaussian, let logStd {
            for i in 0..<rows {
                for d in 0..<width {
                    dOutputs[i * width + d] = dLogP[i] * gaussian.dMean[i * width + d]
                    logStd.gradient.data[d] += dLogP[i] * gaussian.dLogStd[i * width + d] + dEntropy
                }
            }
        }
        Networks.backward(policy, dOutputs, rows: rows)
        Networks.backward(value, dValue, rows: rows)
        let entropyLoss = -entropyMean
        return ActorCriticStats(
            policyLoss: policyLoss, valueLoss: valueLoss, entropyLoss: entropyLoss,
            loss: policyLoss + settings.entropyCoefficient * entropyLoss + settings.valueCoefficient * valueLoss, approximateKL: kl,
            clipFraction: clipped, gradientNorm: optimizer.gradientNorm())
    }

    /// Clips the gradients to `maxGradNorm` and takes one Adam step.
    public func applyGradients() {
        optimizer.clipGradients(maximum: settings.maxGradNorm)
        optimizer.step()
    }

    /// One gradient step on `batch`: the loss, its gradient, the clip and the update.
    @discardableResult
    public func update(_ batch: ActorCriticBatch, clipRange: Float? = nil) -> ActorCriticStats {
        let stats = gradients(batch, clipRange: clipRange ?? settings.clipRange)
        applyGradients()
        return stats
    }
}
