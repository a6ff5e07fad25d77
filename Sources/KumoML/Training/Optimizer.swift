import Foundation

/// The optimizers, with PyTorch's update rules: SGD with momentum (`v = μv + g`, the first step
/// `v = g`; weight decay added to the gradient), Adam (bias-corrected, L2 decay added to the
/// gradient) and AdamW (decoupled decay `w −= lr·wd·w` before the Adam step).
public enum OptimizerKind: Sendable, Hashable {
    case sgd(momentum: Float)
    case adam(beta1: Float, beta2: Float, epsilon: Float)
    case adamW(beta1: Float, beta2: Float, epsilon: Float)
}

/// One optimizer's state over a model's parameters.
public final class Optimizer {
    public let kind: OptimizerKind
    public var learningRate: Float
    public let weightDecay: Float
    public let parameters: [Parameter]
    private var first: [[Float]]
    private var second: [[Float]]
    private(set) var steps = 0

    public init(_ kind: OptimizerKind, learningRate: Float, weightDecay: Float, parameters: [Parameter]) {
        self.kind = kind
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.parameters = parameters
        first = parameters.map { [Float](repeating: 0, count: $0.value.count) }
        second = parameters.map { [Float](repeating: 0, count: $0.value.count) }
    }

    /// The global L2 norm of every parameter's gradient (summed in Double).
    public func gradientNorm() -> Float {
        var squares: Double = 0
        for parameter in parameters { for g in parameter.gradient.data { squares += Double(g) * Double(g) } }
        return Float(squares.squareRoot())
    }

    /// Scales every gradient together when their global L2 norm exceeds `maximum`, as
    /// `clip_grad_norm_` (by maximum / (norm + 1e-6), at most 1). Returns the norm before.
    @discardableResult
    public func clipGradients(maximum: Float) -> Float {
        let norm = gradientNorm()
        let coefficient = min(maximum / (norm + 1e-6), 1)
        if coefficient < 1 { for parameter in parameters { for i in parameter.gradient.data.indices { parameter.gradient.data[i] *= coefficient } } }
        return norm
    }

    /// Applies one update from the current gradients.
    public func step() {
        steps += 1
        let lr = learningRate, wd = weightDecay
        for (index, parameter) in parameters.enumerated() {
            let count = parameter.value.count
            parameter.value.data.withUnsafeMutableBufferPointer { w in
                parameter.gradient.data.withUnsafeBufferPointer { g in
                    first[index].withUnsafeMutableBufferPointer { m in
                        second[index].withUnsafeMutableBufferPointer { v in
                            switch kind {
                            case .sgd(let momentum):
                                for i in 0..<count {
                                    var grad = g[i]
                                    if wd != 0 { grad += wd * w[i] }
                                    if momentum != 0 {
                                        m[i] = steps == 1 ? grad : momentum * m[i] + grad
                                        grad = m[i]
                                    }
                                    w[i] -= lr * grad
                                }
                            case .adam(let beta1, let beta2, let epsilon), .adamW(let beta1, let beta2, let epsilon):
                                let decoupled = if case .adamW = kind { true } else { false }
                                let correction1 = 1 - powf(beta1, Float(steps))
                                let correction2 = 1 - powf(beta2, Float(steps))
                                let stepSize = lr / correction1
                                let root2 = correction2.squareRoot()
                                for i in 0..<count {
                                    var grad = g[i]
                                    if decoupled { w[i] *= 1 - lr * wd } else if wd != 0 { grad += wd * w[i] }
                                    m[i] = beta1 * m[i] + (1 - beta1) * grad
                                    v[i] = beta2 * v[i] + (1 - beta2) * grad * grad
                                    let denominator = v[i].squareRoot() / root2 + epsilon
                                    w[i] -= stepSize * m[i] / denominator
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
