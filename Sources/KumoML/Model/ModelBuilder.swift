import Foundation
import KumoCore

/// Where a model's tensors come from while its layers are built: a weights file (checked name by
/// name and shape by shape), or PyTorch's default initialisation from a seed.
protocol TensorSource {
    mutating func tensor(_ name: String, _ shape: [Int], initializer: Initializer) throws(ModelFileError) -> Tensor
}

/// PyTorch's default initialisation of each parameter kind.
enum Initializer {
    /// U(−bound, bound): Linear and Conv1d weights and biases (1/√fan_in), recurrent weights (1/√H).
    case uniform(bound: Float)
    /// Xavier-uniform: MultiheadAttention's in_proj_weight.
    case xavier(fanIn: Int, fanOut: Int)
    case constant(Float)
    /// N(0, std): the reference's positional parameter (randn × 0.1).
    case normal(std: Float)
}

/// Tensors read from a weights file; each is taken once, and what is left over is an error.
struct FileTensors: TensorSource {
    var tensors: [String: SafeTensors.Stored]
    let file: String

    mutating func tensor(_ name: String, _ shape: [Int], initializer: Initializer) throws(ModelFileError) -> Tensor {
        guard let stored = tensors.removeValue(forKey: name) else { throw ModelFileError(file: file, field: name, "is missing (shape \(shape) expected)") }
        guard case .float32(let tensor) = stored else { throw ModelFileError(file: file, field: name, "is \(stored.dtype), not F32") }
        guard tensor.shape == shape else { throw ModelFileError(file: file, field: name, "has shape \(tensor.shape), the spec needs \(shape)") }
        return tensor
    }
}

/// Fresh tensors from a seeded generator, in the order the layers ask (deterministic).
struct SeededTensors: TensorSource {
    var random: SplitMix64

    mutating func uniform() -> Float { Float(Double(random.next() >> 11) / Double(1 << 53)) }

    mutating func tensor(_ name: String, _ shape: [Int], initializer: Initializer) throws(ModelFileError) -> Tensor {
        let count = shape.reduce(1, *)
        var values = [Float](repeating: 0, count: count)
        switch initializer {
        case .uniform(let bound):
            for i in 0..<count { values[i] = (uniform() * 2 - 1) * bound }
        case .xavier(let fanIn, let fanOut):
            let bound = (6 / Float(fanIn + fanOut)).squareRoot()
            for i in 0..<count { values[i] = (uniform() * 2 - 1) * bound }
        case .constant(let value):
            for i in 0..<count { values[i] = value }
        case .normal(let std):
            for i in 0..<count {
                let u1 = max(uniform(), 1e-12), u2 = uniform()
                values[i] = std * (-2 * logf(u1)).squareRoot() * cosf(2 * .pi * u2)
            }
        }
        return Tensor(shape: shape, data: values)
    }
}

enum ModelBuilder {
    /// The layers `spec` describes, with tensors from `source`.
    static func layers(_ spec: ModelSpec, _ source: inout some TensorSource) throws(ModelFileError) -> [any Layer] {
        var layers: [any Layer] = []
        for layer in spec.layers {
            let prefix = (layer.weights ?? "") + "."
            switch layer.op {
            case .linear(let i, let o):
                layers.append(try linear(prefix: prefix, i, o, &source))
            case .lstm(let i, let h, let n), .gru(let i, let h, let n):
                let gates = if case .lstm = layer.op { 4 } else { 3 }
                let bound = 1 / Float(h).squareRoot()
                var stacks: [(ih: Tensor, hh: Tensor, biasIH: Tensor, biasHH: Tensor)] = []
                for k in 0..<n {
                    stacks.append((
                        try source.tensor("\(prefix)weight_ih_l\(k)", [gates * h, k == 0 ? i : h], initializer: .uniform(bound: bound)),
                        try source.tensor("\(prefix)weight_hh_l\(k)", [gates * h, h], initializer: .uniform(bound: bound)),
                        try source.tensor("\(prefix)bias_ih_l\(k)", [gates * h], initializer: .uniform(bound: bound)),
                        try source.tensor("\(prefix)bias_hh_l\(k)", [gates * h], initializer: .uniform(bound: bound))))
                }
                layers.append(gates == 4 ? LSTM(prefix: prefix, weights: stacks) as any Layer : GRU(prefix: prefix, weights: stacks))
            case .conv1d(let i, let o, let k, let p, let d):
                let bound = 1 / Float(i * k).squareRoot()
                layers.append(Conv1d(
                    prefix: prefix, weight: try source.tensor(prefix + "weight", [o, i, k], initializer: .uniform(bound: bound)),
                    bias: try source.tensor(prefix + "bias", [o], initializer: .uniform(bound: bound)), padding: p, dilation: d))
            case .maxPool1d(let k): layers.append(MaxPool1d(kernel: k))
            case .layerNorm(let size, let epsilon):
                layers.append(try layerNorm(prefix: prefix, size, epsilon, &source))
            case .addParam(let shape):
                layers.append(AddParameter(name: layer.weights!, value: try source.tensor(layer.weights!, shape, initializer: .normal(std: 0.1))))
            case .transformerEncoder(let n, let d, let heads, let ff, let activation, let normFirst, let causal, let epsilon):
                var encoderLayers: [TransformerEncoderLayer] = []
                for index in 0..<n {
                    let p = "\(prefix)layers.\(index)."
                    let attention = SelfAttention(
                        prefix: p + "self_attn.",
                        inWeight: try source.tensor(p + "self_attn.in_proj_weight", [3 * d, d], initializer: .xavier(fanIn: d, fanOut: 3 * d)),
                        inBias: try source.tensor(p + "self_attn.in_proj_bias", [3 * d], initializer: .constant(0)),
                        outWeight: try source.tensor(p + "self_attn.out_proj.weight", [d, d], initializer: .uniform(bound: 1 / Float(d).squareRoot())),
                        outBias: try source.tensor(p + "self_attn.out_proj.bias", [d], initializer: .constant(0)), heads: heads, causal: causal)
                    encoderLayers.append(TransformerEncoderLayer(
                        attention: attention, linear1: try linear(prefix: p + "linear1.", d, ff, &source), activation: Activation(activation),
                        linear2: try linear(prefix: p + "linear2.", ff, d, &source), norm1: try layerNorm(prefix: p + "norm1.", d, epsilon, &source),
                        norm2: try layerNorm(prefix: p + "norm2.", d, epsilon, &source), normFirst: normFirst))
                }
                layers.append(TransformerEncoder(layers: encoderLayers))
            case .lastStep: layers.append(TimePooling(.lastStep))
            case .meanPool: layers.append(TimePooling(.mean))
            case .activation(let kind): layers.append(Activation(kind))
            case .softmax: layers.append(Softmax())
            case .dueling(let actions): layers.append(Dueling(actions: actions))
            }
        }
        return layers
    }

    static func linear(prefix: String, _ i: Int, _ o: Int, _ source: inout some TensorSource) throws(ModelFileError) -> Linear {
        let bound = 1 / Float(i).squareRoot()
        return Linear(
            prefix: prefix, weight: try source.tensor(prefix + "weight", [o, i], initializer: .uniform(bound: bound)),
            bias: try source.tensor(prefix + "bias", [o], initializer: .uniform(bound: bound)))
    }

    static func layerNorm(prefix: String, _ size: Int, _ epsilon: Double, _ source: inout some TensorSource) throws(ModelFileError) -> LayerNorm {
        LayerNorm(
            prefix: prefix, weight: try source.tensor(prefix + "weight", [size], initializer: .constant(1)),
            bias: try source.tensor(prefix + "bias", [size], initializer: .constant(0)), epsilon: Float(epsilon))
    }
}
