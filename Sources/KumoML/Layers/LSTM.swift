import Foundation

/// `nn.LSTM(input_size, hidden_size, num_layers, batch_first=True)` from a zero state, returning
/// every step's hidden state. Per layer k: `weight_ih_lk` (4H, in), `weight_hh_lk` (4H, H) and
/// both biases; gate rows i, f, g, o. The input projection of all steps is one matrix product;
/// each step adds `h Whhᵀ` in place into its strided slice.
public final class LSTM: Layer {
    typealias Stack = RecurrentWeights

    let stacks: [Stack]
    public let hiddenSize: Int
    /// Per layer: its input, the activated gates (B, T, 4H), the cell states (B, T, H), the outputs (B, T, H).
    private let cache = Cache<[(input: Tensor, gates: [Float], cells: [Float], outputs: [Float])]>()

    public init(prefix: String, weights: [(ih: Tensor, hh: Tensor, biasIH: Tensor, biasHH: Tensor)]) {
        hiddenSize = weights[0].hh.shape[1]
        stacks = RecurrentWeights.stack(prefix: prefix, weights)
    }

    public var parameters: [Parameter] { stacks.flatMap(\.parameters) }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        var x = input
        var saved: [(Tensor, [Float], [Float], [Float])] = []
        for stack in stacks {
            // Large inference batches: per-step buffers that stay in cache. Small ones: one input projection.
            guard training || input.shape[0] < 16 else {
                x = Tensor(shape: [input.shape[0], input.shape[1], hiddenSize], data: Self.layerInference(x, stack, hidden: hiddenSize))
                continue
            }
            let (gates, cells, outputs) = Self.layerForward(x, stack, hidden: hiddenSize)
            if training { saved.append((x, gates, cells, outputs)) }
            x = Tensor(shape: [input.shape[0], input.shape[1], hiddenSize], data: outputs)
        }
        if training { cache.value = saved.map { (input: $0.0, gates: $0.1, cells: $0.2, outputs: $0.3) } }
        return x
    }

    static func layerForward(_ x: Tensor, _ stack: Stack, hidden h: Int) -> (gates: [Float], cells: [Float], outputs: [Float]) {
        let (batch, time, features) = (x.shape[0], x.shape[1], x.shape[2])
        let g4 = 4 * h
        var gates = [Float](repeating: 0, count: batch * time * g4)
        var cells = [Float](repeating: 0, count: batch * time * h)
        var outputs = [Float](repeating: 0, count: batch * time * h)
        var bias = stack.biasIH.value.data
        for j in 0..<g4 { bias[j] += stack.biasHH.value.data[j] }
        gates.withUnsafeMutableBufferPointer { G in
            for row in 0..<batch * time { (G.baseAddress! + row * g4).update(from: bias, count: g4) }
            x.data.withUnsafeBufferPointer { X in
                stack.weightIH.value.data.withUnsafeBufferPointer { W in
                    BLAS.gemm(X.baseAddress!, lda: features, W.baseAddress!, ldb: features, transposeB: true, G.baseAddress!, ldc: g4,
                              m: batch * time, n: g4, k: features, beta: 1)
                }
            }
            stack.weightHH.value.data.withUnsafeBufferPointer { W in
                outputs.withUnsafeMutableBufferPointer { H in
                    cells.withUnsafeMutableBufferPointer { C in
                        for t in 0..<time {
                            if t > 0 {
                                BLAS.gemm(H.baseAddress! + (t - 1) * h, lda: time * h, W.baseAddress!, ldb: h, transposeB: true,
                                          G.baseAddress! + t * g4, ldc: time * g4, m: batch, n: g4, k: h, beta: 1)
                            }
                            for b in 0..<batch {
                                let gate = G.baseAddress! + (b * time + t) * g4
                                let state = (b * time + t) * h
                                VectorMath.sigmoid(gate, 2 * h)  // i, f
                                VectorMath.tanh(gate + 2 * h, h)  // g
                                VectorMath.sigmoid(gate + 3 * h, h)  // o
                                for j in 0..<h {
                                    let previous: Float = t > 0 ? C[state - h + j] : 0
                                    C[state + j] = gate[h + j] * previous + gate[j] * gate[2 * h + j]
                                    H[state + j] = C[state + j]
                                }
                                VectorMath.tanh(H.baseAddress! + state, h)
                                for j in 0..<h { H[state + j] *= gate[3 * h + j] }
                            }
                        }
                    }
                }
            }
        }
        return (gates, cells, outputs)
    }

    /// The same recurrence without keeping what backward needs: each step's gates in a small
    /// buffer that stays in cache, from one product of [x_t, h_{t−1}] with [W_ih | W_hh].
    static func layerInference(_ x: Tensor, _ stack: Stack, hidden h: Int) -> [Float] {
        let (batch, time, features) = (x.shape[0], x.shape[1], x.shape[2])
        let g4 = 4 * h
        let width = features + h
        // [W_ih | W_hh] side by side: one product per step over [x_t, h_{t−1}].
        var stacked = [Float](repeating: 0, count: g4 * width)
        for row in 0..<g4 {
            for j in 0..<features { stacked[row * width + j] = stack.weightIH.value.data[row * features + j] }
            for j in 0..<h { stacked[row * width + features + j] = stack.weightHH.value.data[row * h + j] }
        }
        var outputs = [Float](repeating: 0, count: batch * time * h)
        var gates = [Float](repeating: 0, count: batch * g4)
        var cell = [Float](repeating: 0, count: batch * h)
        var inputs = [Float](repeating: 0, count: batch * width)
        var bias = stack.biasIH.value.data
        for j in 0..<g4 { bias[j] += stack.biasHH.value.data[j] }
        x.data.withUnsafeBufferPointer { X in
            stacked.withUnsafeBufferPointer { W in
                outputs.withUnsafeMutableBufferPointer { H in
                    gates.withUnsafeMutableBufferPointer { G in
                        cell.withUnsafeMutableBufferPointer { C in
                            inputs.withUnsafeMutableBufferPointer { I in
                                for t in 0..<time {
                                    for b in 0..<batch {
                                        let row = I.baseAddress! + b * width
                                        row.update(from: X.baseAddress! + (b * time + t) * features, count: features)
                                        if t > 0 { (row + features).update(from: H.baseAddress! + (b * time + t - 1) * h, count: h) }
                                        (G.baseAddress! + b * g4).update(from: bias, count: g4)
                                    }
                                    BLAS.gemm(I.baseAddress!, lda: width, W.baseAddress!, ldb: width, transposeB: true, G.baseAddress!, ldc: g4,
                                              m: batch, n: g4, k: width, beta: 1)
                                    for b in 0..<batch {
                                        let gate = G.baseAddress! + b * g4
                                        let state = H.baseAddress! + (b * time + t) * h
                                        let c = C.baseAddress! + b * h
                                        VectorMath.sigmoid(gate, 2 * h)
                                        VectorMath.tanh(gate + 2 * h, h)
                                        VectorMath.sigmoid(gate + 3 * h, h)
                                        for j in 0..<h {
                                            c[j] = gate[h + j] * c[j] + gate[j] * gate[2 * h + j]
                                            state[j] = c[j]
                                        }
                                        VectorMath.tanh(state, h)
                                        for j in 0..<h { state[j] *= gate[3 * h + j] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return outputs
    }

    public func backward(_ gradient: Tensor) -> Tensor {
        let saved = cache.take("lstm")
        var upstream = gradient.data
        for (stack, layer) in zip(stacks, saved).reversed() {
            upstream = Self.layerBackward(upstream, stack, layer, hidden: hiddenSize)
        }
        return Tensor(shape: saved[0].input.shape, data: upstream)
    }

    static func layerBackward(
        _ dOutputs: [Float], _ stack: Stack, _ layer: (input: Tensor, gates: [Float], cells: [Float], outputs: [Float]), hidden h: Int
    ) -> [Float] {
        let (batch, time, features) = (layer.input.shape[0], layer.input.shape[1], layer.input.shape[2])
        let g4 = 4 * h
        var dGates = [Float](repeating: 0, count: batch * time * g4)
        var dh = [Float](repeating: 0, count: batch * h)  // from the next step
        var dc = [Float](repeating: 0, count: batch * h)
        let G = layer.gates, C = layer.cells
        dGates.withUnsafeMutableBufferPointer { D in
            stack.weightHH.value.data.withUnsafeBufferPointer { W in
                for t in stride(from: time - 1, through: 0, by: -1) {
                    for b in 0..<batch {
                        let gate = (b * time + t) * g4
                        let state = (b * time + t) * h
                        for j in 0..<h {
                            let i = G[gate + j], f = G[gate + h + j], g = G[gate + 2 * h + j], o = G[gate + 3 * h + j]
                            let tc = tanhf(C[state + j])
                            let dhTotal = dOutputs[state + j] + dh[b * h + j]
                            let dcTotal = dc[b * h + j] + dhTotal * o * (1 - tc * tc)
                            let previous: Float = t > 0 ? C[state - h + j] : 0
                            D[gate + j] = dcTotal * g * i * (1 - i)
                            D[gate + h + j] = dcTotal * previous * f * (1 - f)
                            D[gate + 2 * h + j] = dcTotal * i * (1 - g * g)
                            D[gate + 3 * h + j] = dhTotal * tc * o * (1 - o)
                            dc[b * h + j] = dcTotal * f
                        }
                    }
                    dh.withUnsafeMutableBufferPointer { DH in
                        BLAS.gemm(D.baseAddress! + t * g4, lda: time * g4, W.baseAddress!, ldb: h, DH.baseAddress!, ldc: h, m: batch, n: h, k: g4)
                    }
                }
            }
            layer.outputs.withUnsafeBufferPointer { H in
                stack.weightHH.gradient.data.withUnsafeMutableBufferPointer { dW in
                    for t in 1..<max(time, 1) {
                        BLAS.gemm(D.baseAddress! + t * g4, lda: time * g4, transposeA: true, H.baseAddress! + (t - 1) * h, ldb: time * h,
                                  dW.baseAddress!, ldc: h, m: g4, n: h, k: batch, beta: 1)
                    }
                }
            }
            layer.input.data.withUnsafeBufferPointer { X in
                stack.weightIH.gradient.data.withUnsafeMutableBufferPointer { dW in
                    BLAS.gemm(D.baseAddress!, lda: g4, transposeA: true, X.baseAddress!, ldb: features, dW.baseAddress!, ldc: features,
                              m: g4, n: features, k: batch * time, beta: 1)
                }
            }
            var biasGradient = [Float](repeating: 0, count: g4)
            for row in 0..<batch * time { for j in 0..<g4 { biasGradient[j] += D[row * g4 + j] } }
            for j in 0..<g4 {
                stack.biasIH.gradient.data[j] += biasGradient[j]
                stack.biasHH.gradient.data[j] += biasGradient[j]
            }
        }
        var dInput = [Float](repeating: 0, count: batch * time * features)
        dGates.withUnsafeBufferPointer { D in
            stack.weightIH.value.data.withUnsafeBufferPointer { W in
                dInput.withUnsafeMutableBufferPointer { DX in
                    BLAS.gemm(D.baseAddress!, lda: g4, W.baseAddress!, ldb: features, DX.baseAddress!, ldc: features, m: batch * time, n: features, k: g4)
                }
            }
        }
        return dInput
    }
}
