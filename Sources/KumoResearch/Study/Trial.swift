/// One run of a strategy with one parameter set, and what came of it.
public struct Trial: Sendable, Codable, Equatable {
    public enum State: String, Sendable, Codable {
        /// Ran to the end; `value` is its objective.
        case complete
        /// Stopped early: its objective at a checkpoint was below the median of earlier trials'.
        case pruned
        /// The strategy failed or the backtest could not run; `message` says why.
        case failed
    }

    public var number: Int
    public var indices: [Int]
    public var parameters: ParameterSet
    public var state: State
    /// The objective (higher is better); nil unless complete.
    public var value: Double?
    /// The objective at each checkpoint reached (quarters of the bars by default).
    public var intermediate: [Double]
    /// The backtest's statistics by name (Analytics' keys).
    public var metrics: [String: Double]
    /// Daily returns of the equity curve, kept for the overfitting statistics.
    public var returns: [Double]
    public var message: String?
    public var seconds: Double

    public init(
        number: Int, indices: [Int], parameters: ParameterSet, state: State, value: Double?, intermediate: [Double] = [],
        metrics: [String: Double] = [:], returns: [Double] = [], message: String? = nil, seconds: Double = 0
    ) {
        self.number = number
        self.indices = indices
        self.parameters = parameters
        self.state = state
        self.value = value
        self.intermediate = intermediate
        self.metrics = metrics
        self.returns = returns
        self.message = message
        self.seconds = seconds
    }
}
