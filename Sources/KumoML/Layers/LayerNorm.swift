/// Normalises the last axis to zero mean and unit (biased) variance, then scales and shifts:
/// `nn.LayerNorm(normalized_shape, eps)`.
public final class LayerNorm: Layer {
    public let weight: Parameter
    public let bias: Parameter
    public let epsilon: Float
    private let cache = Cache<(normalized: Tensor, inverseDeviation: [Float])>()

    public init(prefix: String, weight: Tensor, bias: Tensor, epsilon: Float) {
        precondition(weight.rank == 1 && bias.shape == weight.shape, "layer_norm \(prefix): weight \(weight.shape), bias \(bias.shape)")
        self.weight = Parameter(prefix + "weight", weight)
        self.bias = Parameter(prefix + "bias", bias)
        self.epsilon = epsilon
    }

    public var parameters: [Parameter] { [weight, bias] }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        let width = weight.value.count
        precondition(input.columns == width, "layer_norm over \(width) features, got \(input.shape)")
        var output = input
        var normalized = training ? input : Tensor(zeros: [0])
        var inverse = [Float](repeating: 0, count: training ? input.rows : 0)
        for row in 0..<input.rows {
            let start = row * width
            var mean: Float = 0
            for j in 0..<width { mean += input.data[start + j] }
            mean /= Float(width)
            var variance: Float = 0
            for j in 0..<width {
                let d = input.data[start + j] - mean
                variance += d * d
            }
            variance /= Float(width)
            let scale = 1 / (variance + epsilon).squareRoot()
            for j in 0..<width {
                let n = (input.data[start + j] - mean) * scale
                if training { normalized.data[start + j] = n }
                output.data[start + j] = n * weight.value.data[j] + bias.value.data[j]
            }
            if training { inverse[row] = scale }
        }
        if training { cache.value = (normalized, inverse) }
        return output
    }

    public func backward(_ gradient: Tensor) -> Tensor {
        let (normalized, inverse) = cache.take("layer_norm")
        let width = weight.value.count
        var result = gradient
        for row in 0..<normalized.rows {
            let start = row * width
            var sum: Float = 0
            var dot: Float = 0
            for j in 0..<width {
                let g = gradient.data[start + j]
                weight.gradient.data[j] += g * normalized.data[start + j]
                bias.gradient.data[j] += g
                let scaled = g * weight.value.data[j]
                sum += scaled
                dot += scaled * normalized.data[start + j]
            }
            let n = Float(width)
            for j in 0..<width {
                let scaled = gradient.data[start + j] * weight.value.data[j]
                result.data[start + j] = inverse[row] / n * (n * scaled - sum - normalized.data[start + j] * dot)
            }
        }
        return result
    }
}
