/// What an environment's actions are: one of `n` choices, or a vector of reals within bounds.
public enum ActionSpace: Sendable, Hashable, CustomStringConvertible {
    case discrete(Int)
    case continuous(size: Int, low: Float, high: Float)

    public var description: String {
        switch self {
        case .discrete(let n): "discrete(\(n))"
        case .continuous(let size, let low, let high): "continuous(\(size) in [\(low), \(high)])"
        }
    }

    /// The width of the network's output that chooses an action: logits, or means.
    public var outputs: Int {
        switch self {
        case .discrete(let n): n
        case .continuous(let size, _, _): size
        }
    }
}

/// One action per environment of a batch: choice indices, or `count × size` reals row by row.
public enum ActionBatch: Sendable, Hashable {
    case discrete([Int])
    case continuous([Float])
}
