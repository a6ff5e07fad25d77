/// The dueling head of a Q-network (Wang et al., 2016): its input holds a state value V and one
/// advantage per action, and it returns `Q_a = V + A_a − mean(A)`, so the value and the
/// advantages are learned apart while Q stays identifiable.
public final class Dueling: Layer {
    public let actions: Int

    public init(actions: Int) {
        precondition(actions > 0, "a dueling head needs at least one action")
        self.actions = actions
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        precondition(input.columns == actions + 1, "dueling over \(actions) actions expects \(actions + 1) inputs (value, advantages), got \(input.shape)")
        var output = Tensor(zeros: Array(input.shape.dropLast()) + [actions])
        let width = actions + 1
        for row in 0..<input.rows {
            let base = row * width
            var mean: Float = 0
            for a in 0..<actions { mean += input.data[base + 1 + a] }
            mean /= Float(actions)
            for a in 0..<actions { output.data[row * actions + a] = input.data[base] + input.data[base + 1 + a] - mean }
        }
        return output
    }

    /// dV = Σ g; dA_a = g_a − mean(g). Needs nothing from the forward pass.
    public func backward(_ gradient: Tensor) -> Tensor {
        var input = Tensor(zeros: Array(gradient.shape.dropLast()) + [actions + 1])
        for row in 0..<gradient.rows {
            var sum: Float = 0
            for a in 0..<actions { sum += gradient.data[row * actions + a] }
            let base = row * (actions + 1)
            input.data[base] = sum
            for a in 0..<actions { input.data[base + 1 + a] = gradient.data[row * actions + a] - sum / Float(actions) }
        }
        return input
    }
}
