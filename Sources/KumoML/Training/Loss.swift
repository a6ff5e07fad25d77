import Foundation

/// Training targets: values (batch, outputs) for regression, or class indices for classification.
public enum Targets: Sendable, Equatable {
    case values(Tensor)
    case classes([Int64])

    public var count: Int {
        switch self {
        case .values(let tensor): tensor.shape.first ?? 0
        case .classes(let classes): classes.count
        }
    }

    /// The rows at `indices`, in that order.
    public func rows(_ indices: [Int]) -> Targets {
        switch self {
        case .values(let tensor):
            let width = tensor.count / max(tensor.shape[0], 1)
            var data: [Float] = []
            data.reserveCapacity(indices.count * width)
            for i in indices { data.append(contentsOf: tensor.data[i * width..<(i + 1) * width]) }
            return .values(Tensor(shape: [indices.count] + tensor.shape.dropFirst(), data: data))
        case .classes(let classes): return .classes(indices.map { classes[$0] })
        }
    }
}

/// A loss over a batch, as PyTorch computes it (batch mean), with its gradient.
public enum Loss: Sendable, Hashable {
    /// Mean of squared errors over every element.
    case meanSquaredError
    /// Huber with threshold `delta`: ½e² under it, delta(|e| − ½delta) over; the mean.
    case huber(delta: Float)
    /// Cross-entropy of class indices from logits (log-softmax inside); the mean over the batch.
    case crossEntropy

    public init?(name: String, delta: Float = 1) {
        switch name {
        case "mse": self = .meanSquaredError
        case "huber": self = .huber(delta: delta)
        case "cross_entropy": self = .crossEntropy
        default: return nil
        }
    }

    /// The loss and its gradient with respect to `output`.
    public func evaluate(_ output: Tensor, _ targets: Targets) -> (loss: Float, gradient: Tensor) {
        var gradient = Tensor(zeros: output.shape)
        switch (self, targets) {
        case (.meanSquaredError, .values(let y)), (.huber, .values(let y)):
            precondition(y.count == output.count, "targets \(y.shape) for outputs \(output.shape)")
            let n = Float(output.count)
            var total: Float = 0
            for i in 0..<output.count {
                let e = output.data[i] - y.data[i]
                if case .huber(let delta) = self, abs(e) > delta {
                    total += delta * (abs(e) - 0.5 * delta)
                    gradient.data[i] = delta * (e > 0 ? 1 : -1) / n
                } else if case .huber = self {
                    total += 0.5 * e * e
                    gradient.data[i] = e / n
                } else {
                    total += e * e
                    gradient.data[i] = 2 * e / n
                }
            }
            return (total / n, gradient)
        case (.crossEntropy, .classes(let classes)):
            let width = output.columns
            precondition(classes.count == output.rows, "\(classes.count) labels for \(output.rows) rows")
            var probabilities = output.data
            Softmax.softmaxRows(&probabilities, width: width)
            var total: Float = 0
            let n = Float(classes.count)
            for (row, label) in classes.enumerated() {
                let start = row * width
                var top = -Float.infinity
                for j in 0..<width { top = max(top, output.data[start + j]) }
                var sum: Float = 0
                for j in 0..<width { sum += expf(output.data[start + j] - top) }
                total += logf(sum) + top - output.data[start + Int(label)]
                for j in 0..<width { gradient.data[start + j] = (probabilities[start + j] - (j == Int(label) ? 1 : 0)) / n }
            }
            return (total / n, gradient)
        default:
            preconditionFailure("\(self) does not fit these targets")
        }
    }
}
