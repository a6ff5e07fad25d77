/// What a model learns to predict at bar t: the forward return over `horizon` bars,
/// close[t + h] / close[t] − 1, or its class with a threshold: down (0) below −threshold, up (2)
/// above +threshold, flat (1) between. The label of t uses bars t + 1 … t + h, which is why
/// splits purge `horizon` samples before a test window.
public enum LabelSpec: Sendable, Hashable {
    case forwardReturn(horizon: Int)
    case direction(horizon: Int, threshold: Double)

    public var horizon: Int {
        switch self {
        case .forwardReturn(let horizon), .direction(let horizon, _): horizon
        }
    }

    public var isClassification: Bool { if case .direction = self { true } else { false } }

    /// The label of bar `t` from `closes`, or nil when its horizon runs past the data.
    public func label(at t: Int, closes: [Double]) -> Double? {
        guard t + horizon < closes.count, closes[t] > 0 else { return nil }
        let change = closes[t + horizon] / closes[t] - 1
        switch self {
        case .forwardReturn: return change
        case .direction(_, let threshold): return change > threshold ? 2 : change < -threshold ? 0 : 1
        }
    }
}
