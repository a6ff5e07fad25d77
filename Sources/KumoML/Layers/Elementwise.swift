import Foundation

/// An element-wise activation: relu, tanh, sigmoid or gelu (exact).
public final class Activation: Layer {
    public enum Kind: String, Sendable, CaseIterable { case relu, tanh, sigmoid, gelu }
    public let kind: Kind
    private let cache = Cache<(input: Tensor, output: Tensor)>()

    public init(_ kind: Kind) { self.kind = kind }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        var output = input
        switch kind {
        case .relu: output.data.withUnsafeMutableBufferPointer { values in for i in values.indices { values[i] = max(values[i], 0) } }
        case .tanh: output.data.withUnsafeMutableBufferPointer { VectorMath.tanh($0.baseAddress!, $0.count) }
        case .sigmoid: output.data.withUnsafeMutableBufferPointer { VectorMath.sigmoid($0.baseAddress!, $0.count) }
        case .gelu: output.data.withUnsafeMutableBufferPointer { values in for i in values.indices { values[i] = Scalar.gelu(values[i]) } }
        }
        if training { cache.value = (input, output) }
        return output
    }

    public func backward(_ gradient: Tensor) -> Tensor {
        let (input, output) = cache.take(kind.rawValue)
        var result = gradient
        switch kind {
        case .relu: for i in result.data.indices where input.data[i] <= 0 { result.data[i] = 0 }
        case .tanh: for i in result.data.indices { result.data[i] *= 1 - output.data[i] * output.data[i] }
        case .sigmoid: for i in result.data.indices { result.data[i] *= output.data[i] * (1 - output.data[i]) }
        case .gelu: for i in result.data.indices { result.data[i] *= Scalar.geluDerivative(input.data[i]) }
        }
        return result
    }
}

/// Softmax over the last axis.
public final class Softmax: Layer {
    private let cache = Cache<Tensor>()
    public init() {}

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        var output = input
        Self.softmaxRows(&output.data, width: input.columns)
        if training { cache.value = output }
        return output
    }

    static func softmaxRows(_ data: inout [Float], width: Int) {
        data.withUnsafeMutableBufferPointer { values in
            for start in stride(from: 0, to: values.count, by: width) {
                var top = -Float.infinity
                for j in start..<start + width { top = max(top, values[j]) }
                var sum: Float = 0
                for j in start..<start + width {
                    values[j] = top == -.infinity ? 0 : expf(values[j] - top)
                    sum += values[j]
                }
                if sum > 0 { for j in start..<start + width { values[j] /= sum } }
            }
        }
    }

    public func backward(_ gradient: Tensor) -> Tensor {
        let output = cache.take("softmax")
        var result = gradient
        let width = output.columns
        for start in stride(from: 0, to: output.count, by: width) {
            var dot: Float = 0
            for j in start..<start + width { dot += gradient.data[j] * output.data[j] }
            for j in start..<start + width { result.data[j] = output.data[j] * (gradient.data[j] - dot) }
        }
        return result
    }
}
