/// How a reinforcement-learning agent stored in the registry reads the market and acts
/// (`agent.json` beside its policy network): the features and window its observations are cut
/// from, the account inputs after them, and what its policy's output means — one of `levels`
/// (target weights) by index, or a weight in 0…1. The value comes from a critic network
/// (`value/`) or, for a Q-network, the largest Q.
public struct AgentSpec: Sendable, Hashable, Codable {
    public enum ValueHead: String, Sendable, Hashable, Codable { case critic, q }

    public var algorithm: String
    public var features: [String]
    public var window: Int
    /// Target weights by action index; nil for a continuous weight.
    public var levels: [Double]?
    public var valueHead: ValueHead

    enum CodingKeys: String, CodingKey { case algorithm, features, window, levels, valueHead = "value_head" }

    public init(algorithm: String, features: [String], window: Int, levels: [Double]?, valueHead: ValueHead) {
        self.algorithm = algorithm
        self.features = features
        self.window = window
        self.levels = levels
        self.valueHead = valueHead
    }

    /// Window rows of features, then the three account inputs.
    public var observationSize: Int { window * features.count + 3 }

    /// The account inputs an observation ends with, all over equity: the position's value, the
    /// cash, and the position's unrealised P&L (its value less its cost).
    public static func accountInputs(positionValue: Double, cash: Double, costBasis: Double, equity: Double) -> [Float] {
        let value = equity > 0 ? equity : 1
        return [Float(positionValue / value), Float(cash / value), Float((positionValue - costBasis) / value)]
    }

    /// The account inputs of a flat account (all cash): what the agent's signal is read at.
    public static let flatAccount: [Float] = [0, 1, 0]

    /// The target weight (and the chosen index, for levels) a policy output asks for: the
    /// largest logit's or Q's level, or the mean weight clipped to 0…1.
    public func decide(_ output: ArraySlice<Float>) -> (weight: Double, choice: Int?) {
        guard let levels else { return (min(max(Double(output.first ?? 0), 0), 1), nil) }
        var best = output.startIndex
        for j in output.indices where output[j] > output[best] { best = j }
        let choice = best - output.startIndex
        return (levels[choice], choice)
    }
}
