/// Position sizing rules a strategy calls for a share count; each states its formula. Results are
/// whole shares, rounded down, never negative, and never more than `equity / price` buys.
public enum PositionSizing: Sendable, Hashable {
    /// Always `shares`.
    case fixedQuantity(Int64)
    /// `fraction` of equity at the price: ⌊fraction × equity / price⌋.
    case fixedFraction(Double)
    /// Risk `riskFraction` of equity per `atrMultiple` ATRs of adverse move (the Turtle rule):
    /// ⌊riskFraction × equity / (atrMultiple × ATR)⌋.
    case volatilityTarget(riskFraction: Double, atrMultiple: Double)
    /// The Kelly fraction p − (1 − p) / b for win rate p and payoff ratio b (average win over
    /// average loss), scaled by `scale` (½ for half-Kelly), capped at `cap`, floored at 0; then
    /// as a fixed fraction.
    case cappedKelly(winRate: Double, payoff: Double, scale: Double, cap: Double)

    /// An input a rule cannot use.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// The share count for `equity` at `price`; `atr` is needed by the volatility rule.
    public func shares(equity: Double, price: Double, atr: Double? = nil) throws(Failure) -> Int64 {
        guard price > 0, price.isFinite else { throw Failure(description: "price must be positive, not \(price)") }
        guard equity.isFinite else { throw Failure(description: "equity must be finite") }
        let affordable = max(0, equity / price)
        let raw: Double
        switch self {
        case .fixedQuantity(let shares):
            guard shares >= 0 else { throw Failure(description: "fixed quantity cannot be negative: \(shares)") }
            return shares
        case .fixedFraction(let fraction):
            guard (0...1).contains(fraction) else { throw Failure(description: "fraction must be between 0 and 1, not \(fraction)") }
            raw = fraction * affordable
        case .volatilityTarget(let riskFraction, let multiple):
            guard (0...1).contains(riskFraction), multiple > 0 else {
                throw Failure(description: "volatility target needs risk between 0 and 1 and a positive ATR multiple")
            }
            guard let atr, atr > 0, atr.isFinite else { throw Failure(description: "volatility target needs a positive ATR (nil while it warms up)") }
            raw = min(riskFraction * equity / (multiple * atr), affordable)
        case .cappedKelly(let winRate, let payoff, let scale, let cap):
            guard (0...1).contains(winRate), payoff > 0, scale > 0, (0...1).contains(cap) else {
                throw Failure(description: "kelly needs win_rate in [0, 1], payoff > 0, scale > 0 and cap in [0, 1]")
            }
            let kelly = (winRate - (1 - winRate) / payoff) * scale
            raw = min(max(kelly, 0), cap) * affordable
        }
        return raw >= Double(Int64.max) ? Int64.max : Int64(max(0, raw).rounded(.down))
    }
}
