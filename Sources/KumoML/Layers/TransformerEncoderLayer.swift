/// `nn.TransformerEncoderLayer(d_model, nhead, dim_feedforward, dropout=0, activation,
/// batch_first=True, norm_first)` with an optional causal mask:
/// pre-norm `x = x + SA(norm1(x)); x = x + FF(norm2(x))`, post-norm
/// `x = norm1(x + SA(x)); x = norm2(x + FF(x))`, `FF(x) = linear2(act(linear1(x)))`.
public final class TransformerEncoderLayer: Layer {
    let attention: SelfAttention
    let linear1: Linear
    let activation: Activation
    let linear2: Linear
    let norm1: LayerNorm
    let norm2: LayerNorm
    public let normFirst: Bool

    public init(attention: SelfAttention, linear1: Linear, activation: Activation, linear2: Linear, norm1: LayerNorm, norm2: LayerNorm, normFirst: Bool) {
        self.attention = attention
        self.linear1 = linear1
        self.activation = activation
        self.linear2 = linear2
        self.norm1 = norm1
        self.norm2 = norm2
        self.normFirst = normFirst
    }

    public var parameters: [Parameter] {
        attention.parameters + linear1.parameters + linear2.parameters + norm1.parameters + norm2.parameters
    }

    func feedForward(_ x: Tensor, _ training: Bool) -> Tensor {
        linear2.forward(activation.forward(linear1.forward(x, training: training), training: training), training: training)
    }

    func feedForwardBackward(_ g: Tensor) -> Tensor { linear1.backward(activation.backward(linear2.backward(g))) }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        if normFirst {
            let x1 = Self.add(input, attention.forward(norm1.forward(input, training: training), training: training))
            return Self.add(x1, feedForward(norm2.forward(x1, training: training), training))
        }
        let x1 = norm1.forward(Self.add(input, attention.forward(input, training: training)), training: training)
        return norm2.forward(Self.add(x1, feedForward(x1, training)), training: training)
    }

    public func backward(_ gradient: Tensor) -> Tensor {
        if normFirst {
            let dx1 = Self.add(gradient, norm2.backward(feedForwardBackward(gradient)))
            return Self.add(dx1, norm1.backward(attention.backward(dx1)))
        }
        let dSum2 = norm2.backward(gradient)
        let dx1 = Self.add(dSum2, feedForwardBackward(dSum2))
        let dSum1 = norm1.backward(dx1)
        return Self.add(dSum1, attention.backward(dSum1))
    }

    static func add(_ a: Tensor, _ b: Tensor) -> Tensor {
        var sum = a
        for i in sum.data.indices { sum.data[i] += b.data[i] }
        return sum
    }
}

/// A stack of encoder layers (`nn.TransformerEncoder`).
public final class TransformerEncoder: Layer {
    let layers: [TransformerEncoderLayer]

    public init(layers: [TransformerEncoderLayer]) { self.layers = layers }

    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        layers.reduce(input) { $1.forward($0, training: training) }
    }

    public func backward(_ gradient: Tensor) -> Tensor {
        layers.reversed().reduce(gradient) { $1.backward($0) }
    }
}
