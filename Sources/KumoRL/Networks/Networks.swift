import Foundation
public import KumoML

/// The agents' networks: multilayer perceptrons over a flat observation, as kumo-model/1 specs so
/// a trained agent is stored, loaded and served like any other model. Inputs are
/// (batch, 1, observation) tensors; outputs (batch, 1, outputs).
public enum Networks {
    /// `inputs → hidden[0] → … → outputs` with `activation` between layers, and a dueling head
    /// (value and advantages combined into Q) when `dueling` is set.
    public static func mlp(name: String, inputs: Int, hidden: [Int], outputs: Int, activation: Activation.Kind, dueling: Bool = false) -> ModelSpec {
        var layers: [[String: Any]] = []
        var width = inputs
        for (index, size) in hidden.enumerated() {
            layers.append(["op": "linear", "in_features": width, "out_features": size, "weights": "\(index * 2)"])
            layers.append(["op": activation.rawValue])
            width = size
        }
        layers.append(["op": "linear", "in_features": width, "out_features": dueling ? outputs + 1 : outputs, "weights": "\(hidden.count * 2)"])
        if dueling { layers.append(["op": "dueling", "actions": outputs]) }
        let object: [String: Any] = ["format": ModelSpec.format, "name": name, "input": ["time": 1, "features": inputs], "layers": layers]
        // Sizes made here always fit one another.
        return try! ModelSpec.parse(try! JSONSerialization.data(withJSONObject: object), file: "\(name).json")
    }

    /// A fresh network of `spec` (PyTorch's default initialisation, from `seed`), its output
    /// layer's weights scaled by `outputGain`: a small gain starts a policy near uniform.
    public static func make(_ spec: ModelSpec, seed: UInt64, outputGain: Float = 1) -> Model {
        let model = Model.initialized(spec, seed: seed)
        if outputGain != 1, let last = model.layers.last(where: { $0 is Linear }) as? Linear {
            for i in last.weight.value.data.indices { last.weight.value.data[i] *= outputGain }
            for i in last.bias.value.data.indices { last.bias.value.data[i] = 0 }
        }
        return model
    }

    /// Runs `model` on `rows` flat observations of `width` floats; returns (rows × outputs) values.
    public static func run(_ model: Model, _ observations: [Float], rows: Int, training: Bool = false) -> [Float] {
        precondition(observations.count == rows * model.spec.features, "\(rows) observations of \(model.spec.features) need \(rows * model.spec.features) values, got \(observations.count)")
        return model.forward(Tensor(shape: [rows, 1, model.spec.features], data: observations), training: training).data
    }

    /// Back-propagates `gradient` (rows × outputs) through the last training forward pass.
    public static func backward(_ model: Model, _ gradient: [Float], rows: Int) {
        model.backward(Tensor(shape: [rows, 1, gradient.count / max(rows, 1)], data: gradient))
    }

    /// Copies every parameter's value from `source` (same spec).
    public static func copyWeights(from source: Model, to target: Model) {
        for (from, to) in zip(source.parameters, target.parameters) { to.value = from.value }
    }
}
