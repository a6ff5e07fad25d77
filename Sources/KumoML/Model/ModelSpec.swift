public import Foundation

/// A **kumo-model/1** spec (`model.json`): the input window and the layers in order, each an op
/// with its settings and, for learned ops, the `weights` prefix of its tensors. Parsing checks
/// every field and that each layer's sizes fit the one before, naming the field that does not.
public struct ModelSpec: Sendable {
    public static let format = "kumo-model/1"

    /// One layer: its op and settings.
    public enum Op: Sendable, Hashable {
        case linear(inFeatures: Int, outFeatures: Int)
        case lstm(inputSize: Int, hiddenSize: Int, layers: Int)
        case gru(inputSize: Int, hiddenSize: Int, layers: Int)
        case conv1d(inChannels: Int, outChannels: Int, kernel: Int, padding: Int, dilation: Int)
        case maxPool1d(kernel: Int)
        case layerNorm(size: Int, epsilon: Double)
        case addParam(shape: [Int])
        case transformerEncoder(layers: Int, model: Int, heads: Int, feedForward: Int, activation: Activation.Kind, normFirst: Bool, causal: Bool, epsilon: Double)
        case lastStep, meanPool
        case activation(Activation.Kind)
        case softmax
        /// A dueling Q head: value and advantages in, one Q per action out.
        case dueling(actions: Int)
    }

    public struct LayerSpec: Sendable {
        public var op: Op
        /// The prefix of the layer's tensors in the weights file (`fc1` → `fc1.weight`).
        public var weights: String?
        /// The layer's JSON object as read, written back unchanged.
        var raw: Data
    }

    public var name: String
    public var time: Int
    public var features: Int
    public var layers: [LayerSpec]
    /// The output's size: features per sample after the last layer.
    public private(set) var outputSize = 0
    /// Whether the output keeps the time axis (no pooling op).
    public private(set) var outputHasTime = true

    /// Reads `model.json` in `folder`.
    public static func read(_ url: URL) throws(ModelFileError) -> ModelSpec {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw ModelFileError(file: url.lastPathComponent, field: "", "cannot be read: \(error.localizedDescription)") }
        return try parse(data, file: url.lastPathComponent)
    }

    public static func parse(_ data: Data, file: String = "model.json") throws(ModelFileError) -> ModelSpec {
        func fail(_ field: String, _ message: String) -> ModelFileError { ModelFileError(file: file, field: field, message) }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw fail("", "is not a JSON object") }
        guard let format = object["format"] as? String else { throw fail("format", "is missing") }
        guard format == Self.format else { throw fail("format", "'\(format)' is not \(Self.format)") }
        guard let input = object["input"] as? [String: Any] else { throw fail("input", "is missing") }
        guard let time = input["time"] as? Int, time > 0 else { throw fail("input.time", "must be a positive integer") }
        guard let features = input["features"] as? Int, features > 0 else { throw fail("input.features", "must be a positive integer") }
        guard let layerObjects = object["layers"] as? [[String: Any]], !layerObjects.isEmpty else { throw fail("layers", "must be a non-empty list of objects") }
        var spec = ModelSpec(name: object["name"] as? String ?? "model", time: time, features: features, layers: [])
        var currentTime: Int? = time
        var width = features
        for (index, layer) in layerObjects.enumerated() {
            let path = "layers[\(index)]"
            func int(_ key: String, minimum: Int = 1) throws(ModelFileError) -> Int {
                guard let value = layer[key] as? Int, value >= minimum else { throw fail("\(path).\(key)", "must be an integer ≥ \(minimum)") }
                return value
            }
            func expect(_ key: String, _ value: Int, _ what: String) throws(ModelFileError) {
                guard value == width else { throw fail("\(path).\(key)", "is \(value) but the \(what) has \(width) features") }
            }
            func needsTime(_ op: String) throws(ModelFileError) -> Int {
                guard let currentTime else { throw fail("\(path).op", "\(op) needs a time axis, which an earlier pooling op dropped") }
                return currentTime
            }
            guard let name = layer["op"] as? String else { throw fail("\(path).op", "is missing") }
            let op: Op
            switch name {
            case "linear":
                let (i, o) = (try int("in_features"), try int("out_features"))
                try expect("in_features", i, "input")
                op = .linear(inFeatures: i, outFeatures: o)
                width = o
            case "lstm", "gru":
                _ = try needsTime(name)
                let (i, h, n) = (try int("input_size"), try int("hidden_size"), try int("num_layers"))
                try expect("input_size", i, "input")
                op = name == "lstm" ? .lstm(inputSize: i, hiddenSize: h, layers: n) : .gru(inputSize: i, hiddenSize: h, layers: n)
                width = h
            case "conv1d":
                let steps = try needsTime(name)
                let (i, o, k) = (try int("in_channels"), try int("out_channels"), try int("kernel_size"))
                let (p, d) = (try int("padding", minimum: 0), try int("dilation"))
                try expect("in_channels", i, "input")
                let out = steps + 2 * p - d * (k - 1)
                guard out > 0 else { throw fail(path, "leaves \(out) time steps from \(steps)") }
                op = .conv1d(inChannels: i, outChannels: o, kernel: k, padding: p, dilation: d)
                width = o
                currentTime = out
            case "maxpool1d":
                let steps = try needsTime(name)
                let k = try int("kernel_size")
                guard steps / k > 0 else { throw fail("\(path).kernel_size", "\(k) is longer than the \(steps) time steps") }
                op = .maxPool1d(kernel: k)
                currentTime = steps / k
            case "layer_norm":
                let size = try int("normalized_shape")
                try expect("normalized_shape", size, "input")
                op = .layerNorm(size: size, epsilon: layer["eps"] as? Double ?? 1e-5)
            case "add_param":
                let steps = try needsTime(name)
                guard let shape = layer["shape"] as? [Int], shape == [steps, width] else {
                    throw fail("\(path).shape", "must be [\(steps), \(width)] (time, features) here")
                }
                op = .addParam(shape: shape)
            case "transformer_encoder":
                _ = try needsTime(name)
                let (n, d, heads, ff) = (try int("num_layers"), try int("d_model"), try int("nhead"), try int("dim_feedforward"))
                try expect("d_model", d, "input")
                guard d % heads == 0 else { throw fail("\(path).nhead", "\(heads) does not divide d_model \(d)") }
                let act = layer["activation"] as? String ?? "relu"
                guard let activation = Activation.Kind(rawValue: act), activation == .relu || activation == .gelu else {
                    throw fail("\(path).activation", "'\(act)' is not relu or gelu")
                }
                op = .transformerEncoder(
                    layers: n, model: d, heads: heads, feedForward: ff, activation: activation, normFirst: layer["norm_first"] as? Bool ?? false,
                    causal: layer["causal"] as? Bool ?? false, epsilon: layer["eps"] as? Double ?? 1e-5)
            case "last_step", "mean_pool":
                _ = try needsTime(name)
                op = name == "last_step" ? .lastStep : .meanPool
                currentTime = nil
            case "softmax": op = .softmax
            case "dueling":
                let actions = try int("actions")
                guard width == actions + 1 else { throw fail("\(path).actions", "\(actions) actions need \(actions + 1) inputs (value, advantages); the layer before gives \(width)") }
                op = .dueling(actions: actions)
                width = actions
            default:
                guard let kind = Activation.Kind(rawValue: name) else {
                    throw fail("\(path).op", "unknown op '\(name)' (linear, lstm, gru, conv1d, maxpool1d, layer_norm, add_param, transformer_encoder, last_step, mean_pool, relu, tanh, sigmoid, gelu, softmax, dueling)")
                }
                op = .activation(kind)
            }
            let learned: Bool = switch op {
            case .linear, .lstm, .gru, .conv1d, .layerNorm, .addParam, .transformerEncoder: true
            default: false
            }
            let weights = layer["weights"] as? String
            if learned, weights?.isEmpty ?? true { throw fail("\(path).weights", "names the layer's tensors and is required for \(name)") }
            spec.layers.append(LayerSpec(op: op, weights: weights, raw: (try? JSONSerialization.data(withJSONObject: layer)) ?? Data()))
        }
        spec.outputSize = width
        spec.outputHasTime = currentTime != nil
        return spec
    }

    /// The spec as JSON, each layer as it was read.
    public func json() throws -> Data {
        let object: [String: Any] = [
            "format": Self.format, "name": name, "input": ["time": time, "features": features], "layers": try layers.map { try JSONSerialization.jsonObject(with: $0.raw) },
        ]
        return try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
    }
}
