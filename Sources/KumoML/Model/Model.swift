public import Foundation
import KumoCore

/// A model: its spec and layers, run forward for predictions and backward for training. Loads a
/// **kumo-model/1** folder unchanged (`model.json` + `weights.safetensors`, as PyTorch's
/// `safetensors.torch.save_file(model.state_dict(), …)` writes it) and saves the same layout.
public final class Model: @unchecked Sendable {
    // @unchecked Sendable: inference reads only; training mutates from one thread at a time.
    public let spec: ModelSpec
    public let layers: [any Layer]

    init(spec: ModelSpec, layers: [any Layer]) {
        self.spec = spec
        self.layers = layers
        _ = Self.singleThreadedBLAS
    }

    /// OpenBLAS runs each product on the calling thread: the products here are small, and
    /// ``predict(_:)`` spreads large batches over the cores itself.
    private static let singleThreadedBLAS: Void = BLAS.setThreads(1)

    /// Every learned tensor, in layer order, under its state_dict name.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// Loads `folder`'s `model.json` and `weights.safetensors`; every tensor the spec needs must be
    /// there with its shape and dtype, and no other.
    public static func load(_ folder: URL) throws(ModelFileError) -> Model {
        let spec = try ModelSpec.read(folder.appendingPathComponent("model.json"))
        var source = FileTensors(tensors: try SafeTensors.read(folder.appendingPathComponent("weights.safetensors")), file: "weights.safetensors")
        let layers = try ModelBuilder.layers(spec, &source)
        if let extra = source.tensors.keys.sorted().first {
            throw ModelFileError(file: "weights.safetensors", field: extra, "is not used by any layer of the spec (\(source.tensors.count) extra)")
        }
        return Model(spec: spec, layers: layers)
    }

    /// A new model of `spec` with PyTorch's default initialisation, drawn from `seed`.
    public static func initialized(_ spec: ModelSpec, seed: UInt64) -> Model {
        var source = SeededTensors(random: SplitMix64(seed: seed))
        // Fresh tensors always have the spec's shapes: nothing can fail.
        let layers = try! ModelBuilder.layers(spec, &source)
        return Model(spec: spec, layers: layers)
    }

    /// The same spec and weights, as independent layers (for another thread's training).
    public func copy() -> Model {
        var source = FileTensors(tensors: Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, .float32($0.value)) }), file: "copy")
        return Model(spec: spec, layers: try! ModelBuilder.layers(spec, &source))  // its own parameters fit its own spec
    }

    /// Writes `model.json` and `weights.safetensors` into `folder`.
    public func save(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try spec.json().write(to: folder.appendingPathComponent("model.json"), options: .atomic)
        try SafeTensors.write(weights, to: folder.appendingPathComponent("weights.safetensors"))
    }

    /// The weights by state_dict name.
    public var weights: [String: SafeTensors.Stored] {
        Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, .float32($0.value)) })
    }

    /// Runs every layer; `training` keeps what ``backward(_:)`` needs.
    public func forward(_ input: Tensor, training: Bool = false, dropping last: Int = 0) -> Tensor {
        layers.dropLast(last).reduce(input) { $1.forward($0, training: training) }
    }

    /// Back-propagates the gradient of the output through every layer, adding to each parameter's
    /// gradient; returns the gradient of the input.
    @discardableResult
    public func backward(_ gradient: Tensor, dropping last: Int = 0) -> Tensor {
        layers.dropLast(last).reversed().reduce(gradient) { $1.backward($0) }
    }

    /// Clears every parameter's gradient.
    public func zeroGradients() { for parameter in parameters { parameter.zeroGradient() } }

    /// The output for a (batch, time, features) input, checked first; large batches are split
    /// across the machine's cores.
    public func predict(_ input: Tensor) throws(ModelInputError) -> Tensor {
        guard input.rank == 3, input.shape[1] == spec.time, input.shape[2] == spec.features else {
            throw ModelInputError("input has shape \(input.shape); \(spec.name) takes (batch, \(spec.time), \(spec.features))")
        }
        if let bad = input.data.firstIndex(where: { !$0.isFinite }) {
            let perSample = spec.time * spec.features
            throw ModelInputError(
                "input holds \(input.data[bad]) at sample \(bad / perSample), step \(bad % perSample / spec.features), feature \(bad % spec.features)")
        }
        let batch = input.shape[0]
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, batch / 32)
        guard workers > 1 else { return forward(input) }
        let perSample = spec.time * spec.features
        let chunk = (batch + workers - 1) / workers
        let parts = ResultSlots<Tensor>(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let start = worker * chunk, end = min(batch, start + chunk)
            guard start < end else { return }
            let slice = Tensor(shape: [end - start, spec.time, spec.features], data: Array(input.data[start * perSample..<end * perSample]))
            parts.set(worker, forward(slice))
        }
        let outputs = parts.values.compactMap { $0 }
        return Tensor(shape: [batch] + Array(outputs[0].shape.dropFirst()), data: outputs.flatMap(\.data))
    }
}

/// An input a model cannot take, said in a sentence.
public struct ModelInputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// One slot per concurrent worker, each written by its own worker only.
final class ResultSlots<Value>: @unchecked Sendable {
    // @unchecked Sendable: worker i writes slot i alone, through raw storage (no shared array access);
    // the values are read after every worker has finished.
    private let slots: UnsafeMutablePointer<Value?>
    let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func set(_ index: Int, _ value: Value) { slots[index] = value }

    var values: [Value?] { (0..<count).map { slots[$0] } }
}
