/// Drops the time axis: the last step, or the mean over time.
public final class TimePooling: Layer {
    public enum Kind: String, Sendable { case lastStep = "last_step", mean = "mean_pool" }
    public let kind: Kind
    private let cache = Cache<[Int]>()

    public init(_ kind: Kind) { self.kind = kind }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        precondition(input.rank == 3, "\(kind.rawValue) expects batch × time × features, got \(input.shape)")
        let (batch, time, features) = (input.shape[0], input.shape[1], input.shape[2])
        if training { cache.value = input.shape }
        var output = Tensor(zeros: [batch, features])
        for b in 0..<batch {
            switch kind {
            case .lastStep:
                for f in 0..<features { output.data[b * features + f] = input.data[(b * time + time - 1) * features + f] }
            case .mean:
                for t in 0..<time { for f in 0..<features { output.data[b * features + f] += input.data[(b * time + t) * features + f] } }
                for f in 0..<features { output.data[b * features + f] /= Float(time) }
            }
        }
        return output
    }

    public func backward(_ gradient: Tensor) -> Tensor {
        let shape = cache.take(kind.rawValue)
        let (batch, time, features) = (shape[0], shape[1], shape[2])
        var result = Tensor(zeros: shape)
        for b in 0..<batch {
            for f in 0..<features {
                let g = gradient.data[b * features + f]
                switch kind {
                case .lastStep: result.data[(b * time + time - 1) * features + f] = g
                case .mean: for t in 0..<time { result.data[(b * time + t) * features + f] = g / Float(time) }
                }
            }
        }
        return result
    }
}

/// Max over windows of `kernel` time steps, stride `kernel`; a shorter tail is dropped (floor).
public final class MaxPool1d: Layer {
    public let kernel: Int
    private let cache = Cache<(shape: [Int], winners: [Int])>()

    public init(kernel: Int) {
        precondition(kernel > 0, "maxpool1d kernel_size must be positive")
        self.kernel = kernel
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        let (batch, time, channels) = (input.shape[0], input.shape[1], input.shape[2])
        let steps = time / kernel
        var output = Tensor(zeros: [batch, steps, channels])
        var winners = training ? [Int](repeating: 0, count: batch * steps * channels) : []
        input.data.withUnsafeBufferPointer { X in
            output.data.withUnsafeMutableBufferPointer { Y in
                for b in 0..<batch {
                    for s in 0..<steps {
                        let out = (b * steps + s) * channels
                        let first = (b * time + s * kernel) * channels
                        for c in 0..<channels { Y[out + c] = X[first + c] }
                        for j in 1..<max(kernel, 1) {
                            let row = first + j * channels
                            // The first maximum wins; NaN propagates, as PyTorch.
                            for c in 0..<channels where X[row + c] > Y[out + c] || X[row + c].isNaN { Y[out + c] = X[row + c] }
                        }
                    }
                }
            }
        }
        if training {
            for b in 0..<batch {
                for s in 0..<steps {
                    for c in 0..<channels {
                        let out = (b * steps + s) * channels + c
                        var at = (b * time + s * kernel) * channels + c
                        for j in 1..<max(kernel, 1) {
                            let index = (b * time + s * kernel + j) * channels + c
                            if input.data[index] > input.data[at] || (input.data[index].isNaN && !input.data[at].isNaN) { at = index }
                        }
                        winners[out] = at
                    }
                }
            }
        }
        if training { cache.value = (input.shape, winners) }
        return output
    }

    public func backward(_ gradient: Tensor) -> Tensor {
        let (shape, winners) = cache.take("maxpool1d")
        var result = Tensor(zeros: shape)
        for (out, index) in winners.enumerated() { result.data[index] += gradient.data[out] }
        return result
    }
}

/// Adds a learned (time, features) tensor to every sample: a positional embedding.
public final class AddParameter: Layer {
    public let value: Parameter

    public init(name: String, value: Tensor) { self.value = Parameter(name, value) }

    public var parameters: [Parameter] { [value] }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        precondition(Array(input.shape.dropFirst()) == value.value.shape, "add_param: input \(input.shape) vs parameter \(value.value.shape)")
        var output = input
        let size = value.value.count
        for start in stride(from: 0, to: output.count, by: size) {
            for i in 0..<size { output.data[start + i] += value.value.data[i] }
        }
        return output
    }

    public func backward(_ gradient: Tensor) -> Tensor {
        let size = value.value.count
        for start in stride(from: 0, to: gradient.count, by: size) {
            for i in 0..<size { value.gradient.data[i] += gradient.data[start + i] }
        }
        return gradient
    }
}
