import Foundation
import KumoCore
import KumoML
import Testing

/// Every op's backward pass against central finite differences of its forward pass: the loss is
/// Σ output ⊙ R for a fixed random R, summed in Double; each input and parameter coordinate is
/// nudged by ±ε. A wrong gradient is off by its own size; the tolerance is 1% of the largest.
struct GradientCheckTests {
    static func spec(_ layers: String, time: Int = 5, features: Int = 3) throws -> ModelSpec {
        try ModelSpec.parse(Data("""
            {"format": "kumo-model/1", "name": "check", "input": {"time": \(time), "features": \(features)}, "layers": [\(layers)]}
            """.utf8))
    }

    static func random(_ shape: [Int], _ generator: inout SplitMix64, spread: Float = 1) -> Tensor {
        Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in (Float(Double(generator.next() >> 11) / Double(1 << 53)) * 2 - 1) * spread })
    }

    static func objective(_ model: Model, _ x: Tensor, _ r: Tensor) -> Double {
        zip(model.forward(x).data, r.data).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }

    /// Checks input and parameter gradients of a model built from `layers`.
    static func check(_ layers: String, time: Int = 5, features: Int = 3, batch: Int = 2, epsilon: Float = 1e-2) throws {
        let model = Model.initialized(try spec(layers, time: time, features: features), seed: 7)
        var generator = SplitMix64(seed: 11)
        var x = random([batch, time, features], &generator)
        let output = model.forward(x)
        let r = random(output.shape, &generator)
        model.zeroGradients()
        _ = model.forward(x, training: true)
        let inputGradient = model.backward(r)
        var worst: Float = 0
        var largest: Float = 0
        func compare(_ analytic: Float, _ numeric: Double) {
            worst = max(worst, abs(analytic - Float(numeric)))
            largest = max(largest, abs(analytic))
        }
        for i in x.data.indices {
            let saved = x.data[i]
            x.data[i] = saved + epsilon
            let up = objective(model, x, r)
            x.data[i] = saved - epsilon
            let down = objective(model, x, r)
            x.data[i] = saved
            compare(inputGradient.data[i], (up - down) / Double(2 * epsilon))
        }
        for parameter in model.parameters {
            for i in parameter.value.data.indices {
                let saved = parameter.value.data[i]
                parameter.value.data[i] = saved + epsilon
                let up = objective(model, x, r)
                parameter.value.data[i] = saved - epsilon
                let down = objective(model, x, r)
                parameter.value.data[i] = saved
                compare(parameter.gradient.data[i], (up - down) / Double(2 * epsilon))
            }
        }
        #expect(largest > 0, "\(layers): no gradient at all")
        #expect(worst <= 0.01 * largest, "\(layers): worst gradient error \(worst), largest gradient \(largest)")
    }

    @Test(arguments: [
        #"{"op": "linear", "weights": "fc", "in_features": 3, "out_features": 4}"#,
        #"{"op": "tanh"}"#, #"{"op": "sigmoid"}"#, #"{"op": "gelu"}"#, #"{"op": "softmax"}"#,
        #"{"op": "last_step"}"#, #"{"op": "mean_pool"}"#,
        #"{"op": "layer_norm", "weights": "norm", "normalized_shape": 3, "eps": 1e-5}"#,
        #"{"op": "add_param", "weights": "pos", "shape": [5, 3]}"#,
        #"{"op": "conv1d", "weights": "conv", "in_channels": 3, "out_channels": 4, "kernel_size": 3, "padding": 2, "dilation": 2}"#,
        #"{"op": "lstm", "weights": "lstm", "input_size": 3, "hidden_size": 4, "num_layers": 2}"#,
        #"{"op": "gru", "weights": "gru", "input_size": 3, "hidden_size": 4, "num_layers": 2}"#,
    ])
    func opGradientsMatchFiniteDifferences(_ layer: String) throws {
        try Self.check(layer)
    }

    @Test func reluAndMaxPoolAwayFromTheirKinks() throws {
        // ReLU's and max-pool's derivatives jump; a linear layer first keeps the check off the
        // jump for this seed (a nudge of ε moves no input across zero or a window's maximum).
        try Self.check(#"{"op": "linear", "weights": "a", "in_features": 3, "out_features": 4}, {"op": "relu"}"#, epsilon: 1e-3)
        try Self.check(#"{"op": "linear", "weights": "a", "in_features": 3, "out_features": 4}, {"op": "maxpool1d", "kernel_size": 2}"#, epsilon: 1e-3)
    }

    @Test(arguments: [true, false])
    func transformerEncoderGradientsMatch(_ normFirst: Bool) throws {
        for causal in [true, false] {
            try Self.check(
                #"{"op": "transformer_encoder", "weights": "enc", "num_layers": 2, "d_model": 4, "nhead": 2, "dim_feedforward": 6, "activation": "gelu", "norm_first": \#(normFirst), "causal": \#(causal), "eps": 1e-5}"#,
                time: 4, features: 4, epsilon: 3e-3)
        }
    }

    @Test func lossGradientsMatchFiniteDifferences() {
        var generator = SplitMix64(seed: 3)
        let output = Self.random([4, 3], &generator)
        let values = Targets.values(Self.random([4, 3], &generator))
        let classes = Targets.classes([0, 2, 1, 2])
        for (loss, targets) in [(Loss.meanSquaredError, values), (.huber(delta: 0.3), values), (.crossEntropy, classes)] {
            let analytic = loss.evaluate(output, targets).gradient
            for i in output.data.indices {
                var up = output, down = output
                up.data[i] += 1e-2
                down.data[i] -= 1e-2
                let numeric = (loss.evaluate(up, targets).loss - loss.evaluate(down, targets).loss) / 2e-2
                #expect(abs(numeric - analytic.data[i]) <= 2e-3, "\(loss) [\(i)]: \(numeric) vs \(analytic.data[i])")
            }
        }
    }
}

extension GradientCheckTests {
    /// A batch split across cores gives the batch's own loss and gradient.
    @Test func dataParallelBatchesGiveTheWholeBatchsGradient() throws {
        let spec = ReferenceSpecs.lstm(features: 3, hidden: 8, time: 6)
        var generator = SplitMix64(seed: 5)
        let x = Self.random([64, 6, 3], &generator)
        let y = Targets.values(Self.random([64, 1], &generator))
        let config = try TrainingConfig.parse(Data(#"{"loss": "mse", "optimizer": {"type": "sgd", "lr": 0.1}, "batch_size": 64, "steps": 1}"#.utf8))
        let split = Trainer(model: Model.initialized(spec, seed: 1), config: config, workers: 3)  // split whatever the core count
        let whole = Model.initialized(spec, seed: 1)
        let splitLoss = split.lossAndGradients(x, y)
        whole.zeroGradients()
        let (wholeLoss, gradient) = config.loss.evaluate(whole.forward(x, training: true), y)
        whole.backward(gradient)
        #expect(abs(splitLoss - wholeLoss) <= 1e-6 * abs(wholeLoss))
        for (a, b) in zip(split.model.parameters, whole.parameters) {
            let largest = b.gradient.data.map(abs).max() ?? 0
            #expect(a.gradient.maxAbsDifference(b.gradient) <= 1e-5 * largest, "\(a.name)")
        }
    }
}
