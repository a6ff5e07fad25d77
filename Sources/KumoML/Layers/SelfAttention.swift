import Foundation

/// Multi-head self-attention as `nn.MultiheadAttention(d, nhead, batch_first=True)` with q = k = v:
/// `in_proj_weight` (3d, d) = rows [Wq; Wk; Wv], `out_proj`; scores scaled by 1/√(d/nhead);
/// `causal` masks step j > i with −∞ before the softmax.
public final class SelfAttention: Layer {
    let inProjection: Linear
    let outProjection: Linear
    public let heads: Int
    public let causal: Bool
    let width: Int
    /// The projected q|k|v (B·T, 3d), the attention weights (B, heads, T, T).
    private let cache = Cache<(qkv: Tensor, weights: [Float], shape: [Int])>()

    public init(prefix: String, inWeight: Tensor, inBias: Tensor, outWeight: Tensor, outBias: Tensor, heads: Int, causal: Bool) {
        width = outWeight.shape[0]
        precondition(width % heads == 0, "d_model \(width) is not a multiple of nhead \(heads)")
        inProjection = Linear(weightName: prefix + "in_proj_weight", biasName: prefix + "in_proj_bias", weight: inWeight, bias: inBias)
        outProjection = Linear(prefix: prefix + "out_proj.", weight: outWeight, bias: outBias)
        self.heads = heads
        self.causal = causal
    }

    public var parameters: [Parameter] { inProjection.parameters + outProjection.parameters }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        let (batch, time) = (input.shape[0], input.shape[1])
        let d = width, dh = width / heads
        let qkv = inProjection.forward(input, training: training)
        var weights = [Float](repeating: 0, count: batch * heads * time * time)
        var context = Tensor(zeros: [batch, time, d])
        let scale = 1 / Float(dh).squareRoot()
        qkv.data.withUnsafeBufferPointer { Q in
            weights.withUnsafeMutableBufferPointer { P in
                context.data.withUnsafeMutableBufferPointer { O in
                    for b in 0..<batch {
                        for head in 0..<heads {
                            let base = Q.baseAddress! + b * time * 3 * d + head * dh
                            let scores = P.baseAddress! + (b * heads + head) * time * time
                            BLAS.gemm(base, lda: 3 * d, base + d, ldb: 3 * d, transposeB: true, scores, ldc: time, m: time, n: time, k: dh, alpha: scale)
                            for i in 0..<time {
                                let row = scores + i * time
                                if causal { for j in (i + 1)..<max(time, i + 1) { row[j] = -.infinity } }
                                var top = -Float.infinity
                                for j in 0..<time { top = max(top, row[j]) }
                                for j in 0..<time { row[j] -= top }
                                VectorMath.exp(row, time)
                                var sum: Float = 0
                                for j in 0..<time { sum += row[j] }
                                let inverse = 1 / sum
                                for j in 0..<time { row[j] *= inverse }
                            }
                            BLAS.gemm(scores, lda: time, base + 2 * d, ldb: 3 * d, O.baseAddress! + b * time * d + head * dh, ldc: d, m: time, n: dh, k: time)
                        }
                    }
                }
            }
        }
        if training { cache.value = (qkv, weights, input.shape) }
        return outProjection.forward(context, training: training)
    }

    public func backward(_ gradient: Tensor) -> Tensor {
        let (qkv, weights, shape) = cache.take("self_attn")
        let (batch, time) = (shape[0], shape[1])
        let d = width, dh = width / heads
        let scale = 1 / Float(dh).squareRoot()
        let dContext = outProjection.backward(gradient)
        var dQKV = Tensor(zeros: qkv.shape)
        var dScores = [Float](repeating: 0, count: time * time)
        qkv.data.withUnsafeBufferPointer { Q in
            weights.withUnsafeBufferPointer { P in
                dContext.data.withUnsafeBufferPointer { dO in
                    dQKV.data.withUnsafeMutableBufferPointer { dQ in
                        dScores.withUnsafeMutableBufferPointer { dS in
                            for b in 0..<batch {
                                for head in 0..<heads {
                                    let base = b * time * 3 * d + head * dh
                                    let probabilities = P.baseAddress! + (b * heads + head) * time * time
                                    let dOut = dO.baseAddress! + b * time * d + head * dh
                                    // dP = dO Vᵀ; dV = Pᵀ dO.
                                    BLAS.gemm(dOut, lda: d, Q.baseAddress! + base + 2 * d, ldb: 3 * d, transposeB: true, dS.baseAddress!, ldc: time, m: time, n: time, k: dh)
                                    BLAS.gemm(probabilities, lda: time, transposeA: true, dOut, ldb: d, dQ.baseAddress! + base + 2 * d, ldc: 3 * d, m: time, n: dh, k: time)
                                    // Through the softmax: dS = P ⊙ (dP − Σ dP ⊙ P), then the scale.
                                    for i in 0..<time {
                                        var dot: Float = 0
                                        for j in 0..<time { dot += dS[i * time + j] * probabilities[i * time + j] }
                                        for j in 0..<time { dS[i * time + j] = probabilities[i * time + j] * (dS[i * time + j] - dot) * scale }
                                    }
                                    // dQ = dS K; dK = dSᵀ Q.
                                    BLAS.gemm(dS.baseAddress!, lda: time, Q.baseAddress! + base + d, ldb: 3 * d, dQ.baseAddress! + base, ldc: 3 * d, m: time, n: dh, k: time)
                                    BLAS.gemm(dS.baseAddress!, lda: time, transposeA: true, Q.baseAddress! + base, ldb: 3 * d, dQ.baseAddress! + base + d, ldc: 3 * d, m: time, n: dh, k: time)
                                }
                            }
                        }
                    }
                }
            }
        }
        return inProjection.backward(dQKV)
    }
}
