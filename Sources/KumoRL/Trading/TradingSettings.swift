/// How the trading environment turns a backtest into episodes: the observation window, the
/// action set, the reward and its penalties, the episode length and when an account is ruined.
public struct TradingSettings: Sendable, Hashable {
    /// What an action sets: the target weight of equity held in the symbol.
    public enum Actions: Sendable, Hashable {
        /// One of these weights, by index (long only: each in 0…1, as a KRX cash account holds no short positions).
        case levels([Double])
        /// Any weight in 0…1 (a Gaussian policy's action, clipped).
        case continuous
    }

    /// What a step pays before penalties.
    public enum Reward: String, Sendable, Hashable, CaseIterable {
        /// The change of equity over the starting cash.
        case pnl
        /// ln(equity after / equity before).
        case logReturn = "log_return"
        /// Moody and Saffell's differential Sharpe ratio: the step's marginal effect on an
        /// exponentially weighted Sharpe ratio (rate `sharpeRate`).
        case differentialSharpe = "differential_sharpe"
    }

    /// Bars of features in each observation.
    public var window = 10
    /// Steps (bars) per episode; an episode also ends at the last bar of its range.
    public var episodeLength = 250
    public var actions = Actions.levels([0, 0.5, 1])
    public var reward = Reward.logReturn
    /// Subtracted per unit of traded value over equity: a turnover penalty beyond the costs paid.
    public var costPenalty = 0.0
    /// Subtracted per unit of rise in drawdown (1 − equity / peak).
    public var drawdownPenalty = 0.0
    public var sharpeRate = 0.01
    /// Every reward (penalties included) is multiplied by this: daily log returns of a few
    /// thousandths are small targets for a Q-network's regression.
    public var rewardScale = 1.0
    /// An episode ends (terminated) once equity falls below this share of the starting cash.
    public var ruin = 0.5
    public var seed: UInt64 = 1

    public init() {}

    /// The first setting that cannot work, named, or nil.
    public var problem: String? {
        if window < 1 { return "window must be at least 1 bar" }
        if episodeLength < 1 { return "episode_length must be at least 1 step" }
        if case .levels(let levels) = actions {
            if levels.count < 2 { return "levels needs at least two target weights" }
            if let bad = levels.firstIndex(where: { !(0...1).contains($0) }) {
                return "levels[\(bad)] = \(levels[bad]) is not a weight in 0…1 (the backtester, like a KRX cash account, holds no short positions)"
            }
        }
        if !(costPenalty >= 0) { return "cost_penalty must be ≥ 0" }
        if !(drawdownPenalty >= 0) { return "drawdown_penalty must be ≥ 0" }
        if !(sharpeRate > 0 && sharpeRate < 1) { return "sharpe_rate must be in (0, 1)" }
        if !(ruin >= 0 && ruin < 1) { return "ruin must be in [0, 1)" }
        if !(rewardScale > 0 && rewardScale.isFinite) { return "reward_scale must be positive" }
        return nil
    }

    public var actionSpace: ActionSpace {
        switch actions {
        case .levels(let levels): .discrete(levels.count)
        case .continuous: .continuous(size: 1, low: 0, high: 1)
        }
    }
}
