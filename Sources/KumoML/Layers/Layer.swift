/// A learned tensor and its gradient, under the name PyTorch's `state_dict` gives it.
public final class Parameter: @unchecked Sendable {
    // @unchecked Sendable: read concurrently by inference; written only by one training thread.
    public let name: String
    public var value: Tensor
    public var gradient: Tensor

    public init(_ name: String, _ value: Tensor) {
        self.name = name
        self.value = value
        gradient = Tensor(zeros: value.shape)
    }

    func zeroGradient() { gradient.data.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
}

/// One op of a model: a forward pass, and a backward pass that turns the gradient of its output
/// into the gradient of its input while adding its parameters' gradients. Inputs and outputs are
/// batch × time × features until a pooling op drops time.
///
/// Forward with `training` keeps what backward needs; without it the layer changes nothing, so
/// several threads may run inference on one model at once.
public protocol Layer: AnyObject, Sendable {
    var parameters: [Parameter] { get }
    func forward(_ input: Tensor, training: Bool) -> Tensor
    func backward(_ gradient: Tensor) -> Tensor
}

extension Layer {
    public var parameters: [Parameter] { [] }
}

/// What a training forward pass left for backward; a layer's cache is filled and read on one thread.
final class Cache<Value>: @unchecked Sendable {
    var value: Value?
    init() {}

    func take(_ layer: String) -> Value {
        guard let value else { preconditionFailure("\(layer): backward without a training forward pass") }
        return value
    }
}
