/// `y = x Wᵀ + b` over the last axis; `weight` is (out, in), as `nn.Linear`.
public final class Linear: Layer {
    public let weight: Parameter
    public let bias: Parameter
    let inFeatures: Int
    let outFeatures: Int
    private let cache = Cache<Tensor>()

    public convenience init(prefix: String, weight: Tensor, bias: Tensor) {
        self.init(weightName: prefix + "weight", biasName: prefix + "bias", weight: weight, bias: bias)
    }

    public init(weightName: String, biasName: String, weight: Tensor, bias: Tensor) {
        precondition(weight.rank == 2 && bias.shape == [weight.shape[0]], "linear \(weightName): weight \(weight.shape), bias \(bias.shape)")
        self.weight = Parameter(weightName, weight)
        self.bias = Parameter(biasName, bias)
        outFeatures = weight.shape[0]
        inFeatures = weight.shape[1]
    }

    public var parameters: [Parameter] { [weight, bias] }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        precondition(input.columns == inFeatures, "linear expects \(inFeatures) features, got \(input.shape)")
        if training { cache.value = input }
        let rows = input.rows
        var output = Tensor(zeros: Array(input.shape.dropLast()) + [outFeatures])
        output.data.withUnsafeMutableBufferPointer { y in
            for row in 0..<rows { (y.baseAddress! + row * outFeatures).update(from: bias.value.data, count: outFeatures) }
            input.data.withUnsafeBufferPointer { x in
                weight.value.data.withUnsafeBufferPointer { w in
                    BLAS.gemm(x.baseAddress!, lda: inFeatures, w.baseAddress!, ldb: inFeatures, transposeB: true, y.baseAddress!, ldc: outFeatures,
                              m: rows, n: outFeatures, k: inFeatures, beta: 1)
                }
            }
        }
        return output
    }

    public func backward(_ gradient: Tensor) -> Tensor {
        let input = cache.take("linear")
        let rows = input.rows
        var inputGradient = Tensor(zeros: input.shape)
        gradient.data.withUnsafeBufferPointer { dy in
            input.data.withUnsafeBufferPointer { x in
                weight.gradient.data.withUnsafeMutableBufferPointer { dw in
                    BLAS.gemm(dy.baseAddress!, lda: outFeatures, transposeA: true, x.baseAddress!, ldb: inFeatures, dw.baseAddress!, ldc: inFeatures,
                              m: outFeatures, n: inFeatures, k: rows, beta: 1)
                }
            }
            bias.gradient.data.withUnsafeMutableBufferPointer { db in
                for row in 0..<rows { for j in 0..<outFeatures { db[j] += dy[row * outFeatures + j] } }
            }
            weight.value.data.withUnsafeBufferPointer { w in
                inputGradient.data.withUnsafeMutableBufferPointer { dx in
                    BLAS.gemm(dy.baseAddress!, lda: outFeatures, w.baseAddress!, ldb: inFeatures, dx.baseAddress!, ldc: inFeatures,
                              m: rows, n: inFeatures, k: outFeatures)
                }
            }
        }
        return inputGradient
    }
}
