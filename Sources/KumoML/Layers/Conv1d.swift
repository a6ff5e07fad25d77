/// A 1-D convolution over the time axis (cross-correlation, stride 1, zero padding on both sides,
/// dilation), as `nn.Conv1d` with channels = features: weight (out, in, kernel), bias (out).
/// Computed as one matrix product over an im2col buffer.
public final class Conv1d: Layer {
    public let weight: Parameter
    public let bias: Parameter
    public let padding: Int
    public let dilation: Int
    let inChannels: Int
    let outChannels: Int
    let kernel: Int
    private let cache = Cache<(shape: [Int], columns: [Float])>()

    public init(prefix: String, weight: Tensor, bias: Tensor, padding: Int, dilation: Int) {
        precondition(weight.rank == 3 && bias.shape == [weight.shape[0]], "conv1d \(prefix): weight \(weight.shape), bias \(bias.shape)")
        self.weight = Parameter(prefix + "weight", weight)
        self.bias = Parameter(prefix + "bias", bias)
        self.padding = padding
        self.dilation = dilation
        outChannels = weight.shape[0]
        inChannels = weight.shape[1]
        kernel = weight.shape[2]
    }

    public var parameters: [Parameter] { [weight, bias] }

    /// Output steps for `time` input steps.
    func steps(_ time: Int) -> Int { time + 2 * padding - dilation * (kernel - 1) }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        let (batch, time) = (input.shape[0], input.shape[1])
        precondition(input.shape[2] == inChannels, "conv1d expects \(inChannels) channels, got \(input.shape)")
        let steps = steps(time)
        let width = inChannels * kernel
        var columns = [Float](repeating: 0, count: batch * steps * width)
        columns.withUnsafeMutableBufferPointer { C in
            input.data.withUnsafeBufferPointer { X in
                for b in 0..<batch {
                    for t in 0..<steps {
                        let row = C.baseAddress! + (b * steps + t) * width
                        for j in 0..<kernel {
                            let source = t - padding + j * dilation
                            guard source >= 0, source < time else { continue }
                            let from = X.baseAddress! + (b * time + source) * inChannels
                            for c in 0..<inChannels { row[c * kernel + j] = from[c] }
                        }
                    }
                }
            }
        }
        var output = Tensor(zeros: [batch, steps, outChannels])
        output.data.withUnsafeMutableBufferPointer { y in
            for row in 0..<batch * steps { (y.baseAddress! + row * outChannels).update(from: bias.value.data, count: outChannels) }
            columns.withUnsafeBufferPointer { x in
                weight.value.data.withUnsafeBufferPointer { w in
                    BLAS.gemm(x.baseAddress!, lda: width, w.baseAddress!, ldb: width, transposeB: true, y.baseAddress!, ldc: outChannels,
                              m: batch * steps, n: outChannels, k: width, beta: 1)
                }
            }
        }
        if training { cache.value = (input.shape, columns) }
        return output
    }

    public func backward(_ gradient: Tensor) -> Tensor {
        let (shape, columns) = cache.take("conv1d")
        let (batch, time) = (shape[0], shape[1])
        let steps = steps(time)
        let width = inChannels * kernel
        var columnGradient = [Float](repeating: 0, count: batch * steps * width)
        gradient.data.withUnsafeBufferPointer { dy in
            columns.withUnsafeBufferPointer { x in
                weight.gradient.data.withUnsafeMutableBufferPointer { dw in
                    BLAS.gemm(dy.baseAddress!, lda: outChannels, transposeA: true, x.baseAddress!, ldb: width, dw.baseAddress!, ldc: width,
                              m: outChannels, n: width, k: batch * steps, beta: 1)
                }
            }
            for row in 0..<batch * steps { for o in 0..<outChannels { bias.gradient.data[o] += dy[row * outChannels + o] } }
            weight.value.data.withUnsafeBufferPointer { w in
                columnGradient.withUnsafeMutableBufferPointer { dx in
                    BLAS.gemm(dy.baseAddress!, lda: outChannels, w.baseAddress!, ldb: width, dx.baseAddress!, ldc: width,
                              m: batch * steps, n: width, k: outChannels)
                }
            }
        }
        var result = Tensor(zeros: shape)
        for b in 0..<batch {
            for t in 0..<steps {
                let row = (b * steps + t) * width
                for j in 0..<kernel {
                    let source = t - padding + j * dilation
                    guard source >= 0, source < time else { continue }
                    let to = (b * time + source) * inChannels
                    for c in 0..<inChannels { result.data[to + c] += columnGradient[row + c * kernel + j] }
                }
            }
        }
        return result
    }
}
