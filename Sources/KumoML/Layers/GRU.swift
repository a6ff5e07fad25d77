import Foundation

/// `nn.GRU(input_size, hidden_size, num_layers, batch_first=True)` from a zero state, returning
/// every step's hidden state. Gate rows r, z, n:
/// `n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))`, `h' = (1 − z) ⊙ n + z ⊙ h`.
public final class GRU: Layer {
    typealias Stack = RecurrentWeights

    let stacks: [Stack]
    public let hiddenSize: Int
    /// Per layer: its input, r, z, n (B, T, 3H), `W_hn h + b_hn` (B, T, H), outputs (B, T, H).
    private let cache = Cache<[(input: Tensor, gates: [Float], hiddenN: [Float], outputs: [Float])]>()

    public init(prefix: String, weights: [(ih: Tensor, hh: Tensor, biasIH: Tensor, biasHH: Tensor)]) {
        hiddenSize = weights[0].hh.shape[1]
        stacks = RecurrentWeights.stack(prefix: prefix, weights)
    }

    public var parameters: [Parameter] { stacks.flatMap(\.parameters) }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        var x = input
        var saved: [(input: Tensor, gates: [Float], hiddenN: [Float], outputs: [Float])] = []
        for stack in stacks {
            let (gates, hiddenN, outputs) = Self.layerForward(x, stack, hidden: hiddenSize)
            if training { saved.append((x, gates, hiddenN, outputs)) }
            x = Tensor(shape: [input.shape[0], input.shape[1], hiddenSize], data: outputs)
        }
        if training { cache.value = saved }
        return x
    }

    static func layerForward(_ x: Tensor, _ stack: Stack, hidden h: Int) -> (gates: [Float], hiddenN: [Float], outputs: [Float]) {
        let (batch, time, features) = (x.shape[0], x.shape[1], x.shape[2])
        let g3 = 3 * h
        var gates = [Float](repeating: 0, count: batch * time * g3)
        var hiddenN = [Float](repeating: 0, count: batch * time * h)
        var outputs = [Float](repeating: 0, count: batch * time * h)
        var recurrent = [Float](repeating: 0, count: batch * g3)
        gates.withUnsafeMutableBufferPointer { G in
            for row in 0..<batch * time { (G.baseAddress! + row * g3).update(from: stack.biasIH.value.data, count: g3) }
            x.data.withUnsafeBufferPointer { X in
                stack.weightIH.value.data.withUnsafeBufferPointer { W in
                    BLAS.gemm(X.baseAddress!, lda: features, W.baseAddress!, ldb: features, transposeB: true, G.baseAddress!, ldc: g3,
                              m: batch * time, n: g3, k: features, beta: 1)
                }
            }
            stack.weightHH.value.data.withUnsafeBufferPointer { W in
                outputs.withUnsafeMutableBufferPointer { H in
                    recurrent.withUnsafeMutableBufferPointer { R in
                        for t in 0..<time {
                            for b in 0..<batch { (R.baseAddress! + b * g3).update(from: stack.biasHH.value.data, count: g3) }
                            if t > 0 {
                                BLAS.gemm(H.baseAddress! + (t - 1) * h, lda: time * h, W.baseAddress!, ldb: h, transposeB: true,
                                          R.baseAddress!, ldc: g3, m: batch, n: g3, k: h, beta: 1)
                            }
                            for b in 0..<batch {
                                let gate = G.baseAddress! + (b * time + t) * g3
                                let state = (b * time + t) * h
                                for j in 0..<2 * h { gate[j] += R[b * g3 + j] }
                                VectorMath.sigmoid(gate, 2 * h)  // r, z
                                for j in 0..<h {
                                    hiddenN[state + j] = R[b * g3 + 2 * h + j]
                                    gate[2 * h + j] += gate[j] * hiddenN[state + j]
                                }
                                VectorMath.tanh(gate + 2 * h, h)  // n
                                for j in 0..<h {
                                    let previous: Float = t > 0 ? H[state - h + j] : 0
                                    let z = gate[h + j]
                                    H[state + j] = (1 - z) * gate[2 * h + j] + z * previous
                                }
                            }
                        }
                    }
                }
            }
        }
        return (gates, hiddenN, outputs)
    }

    public func backward(_ gradient: Tensor) -> Tensor {
        let saved = cache.take("gru")
        var upstream = gradient.data
        for (stack, layer) in zip(stacks, saved).reversed() {
            upstream = Self.layerBackward(upstream, stack, layer, hidden: hiddenSize)
        }
        return Tensor(shape: saved[0].input.shape, data: upstream)
    }

    static func layerBackward(
        _ dOutputs: [Float], _ stack: Stack, _ layer: (input: Tensor, gates: [Float], hiddenN: [Float], outputs: [Float]), hidden h: Int
    ) -> [Float] {
        let (batch, time, features) = (layer.input.shape[0], layer.input.shape[1], layer.input.shape[2])
        let g3 = 3 * h
        var dInputGates = [Float](repeating: 0, count: batch * time * g3)  // toward W_ih x + b_ih
        var dHiddenGates = [Float](repeating: 0, count: batch * time * g3)  // toward W_hh h + b_hh
        var dh = [Float](repeating: 0, count: batch * h)
        let G = layer.gates, HN = layer.hiddenN, H = layer.outputs
        dInputGates.withUnsafeMutableBufferPointer { DI in
            dHiddenGates.withUnsafeMutableBufferPointer { DH in
                stack.weightHH.value.data.withUnsafeBufferPointer { W in
                    for t in stride(from: time - 1, through: 0, by: -1) {
                        for b in 0..<batch {
                            let gate = (b * time + t) * g3
                            let state = (b * time + t) * h
                            for j in 0..<h {
                                let r = G[gate + j], z = G[gate + h + j], n = G[gate + 2 * h + j]
                                let previous: Float = t > 0 ? H[state - h + j] : 0
                                let total = dOutputs[state + j] + dh[b * h + j]
                                let dN = total * (1 - z) * (1 - n * n)
                                let dZ = total * (previous - n) * z * (1 - z)
                                let dR = dN * HN[state + j] * r * (1 - r)
                                DI[gate + j] = dR
                                DI[gate + h + j] = dZ
                                DI[gate + 2 * h + j] = dN
                                DH[gate + j] = dR
                                DH[gate + h + j] = dZ
                                DH[gate + 2 * h + j] = dN * r
                                dh[b * h + j] = total * z
                            }
                        }
                        dh.withUnsafeMutableBufferPointer { DHp in
                            BLAS.gemm(DH.baseAddress! + t * g3, lda: time * g3, W.baseAddress!, ldb: h, DHp.baseAddress!, ldc: h, m: batch, n: h, k: g3, beta: 1)
                        }
                    }
                }
                H.withUnsafeBufferPointer { Hs in
                    stack.weightHH.gradient.data.withUnsafeMutableBufferPointer { dW in
                        for t in 1..<max(time, 1) {
                            BLAS.gemm(DH.baseAddress! + t * g3, lda: time * g3, transposeA: true, Hs.baseAddress! + (t - 1) * h, ldb: time * h,
                                      dW.baseAddress!, ldc: h, m: g3, n: h, k: batch, beta: 1)
                        }
                    }
                }
                layer.input.data.withUnsafeBufferPointer { X in
                    stack.weightIH.gradient.data.withUnsafeMutableBufferPointer { dW in
                        BLAS.gemm(DI.baseAddress!, lda: g3, transposeA: true, X.baseAddress!, ldb: features, dW.baseAddress!, ldc: features,
                                  m: g3, n: features, k: batch * time, beta: 1)
                    }
                }
                for row in 0..<batch * time {
                    for j in 0..<g3 {
                        stack.biasIH.gradient.data[j] += DI[row * g3 + j]
                        stack.biasHH.gradient.data[j] += DH[row * g3 + j]
                    }
                }
            }
        }
        var dInput = [Float](repeating: 0, count: batch * time * features)
        dInputGates.withUnsafeBufferPointer { D in
            stack.weightIH.value.data.withUnsafeBufferPointer { W in
                dInput.withUnsafeMutableBufferPointer { DX in
                    BLAS.gemm(D.baseAddress!, lda: g3, W.baseAddress!, ldb: features, DX.baseAddress!, ldc: features, m: batch * time, n: features, k: g3)
                }
            }
        }
        return dInput
    }
}
