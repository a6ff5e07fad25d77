import Foundation

/// The Almgren–Chriss optimal liquidation (2000): sell `shares` over `periods` intervals of length
/// `tau`, with linear permanent impact γ, temporary impact ε·sign(n) + η·n/τ, price volatility σ
/// and risk aversion λ. The trajectory minimises E + λV; a larger λ (urgency) trades sooner.
public struct AlmgrenChriss: Sendable, Hashable {
    /// X: shares to trade.
    public var shares: Double
    /// N: intervals, each `tau` long (T = Nτ).
    public var periods: Int
    public var tau: Double
    /// σ: price volatility, in price units per square root of the time unit of `tau`.
    public var volatility: Double
    /// ε: the fixed cost per share (half the spread plus fees).
    public var fixedCost: Double
    /// η: temporary impact per unit of trading rate.
    public var temporaryImpact: Double
    /// γ: permanent impact per share traded.
    public var permanentImpact: Double
    /// λ: risk aversion (0 trades evenly).
    public var riskAversion: Double

    public init(
        shares: Double, periods: Int, tau: Double = 1, volatility: Double, fixedCost: Double = 0, temporaryImpact: Double, permanentImpact: Double = 0,
        riskAversion: Double
    ) {
        self.shares = shares
        self.periods = periods
        self.tau = tau
        self.volatility = volatility
        self.fixedCost = fixedCost
        self.temporaryImpact = temporaryImpact
        self.permanentImpact = permanentImpact
        self.riskAversion = riskAversion
    }

    /// T = Nτ.
    public var horizon: Double { Double(periods) * tau }

    /// η̃ = η − γτ/2.
    public var adjustedImpact: Double { temporaryImpact - permanentImpact * tau / 2 }

    /// κ, from cosh(κτ) = 1 + κ̃²τ²/2 with κ̃² = λσ²/η̃ (0 when λ is 0).
    public var kappa: Double {
        let tildeSquared = riskAversion * volatility * volatility / adjustedImpact
        return acosh(1 + tildeSquared * tau * tau / 2) / tau
    }

    /// x₀ … x_N: shares still held after each interval (x₀ = X, x_N = 0).
    public var holdings: [Double] {
        let k = kappa, t = horizon
        return (0...periods).map { j in
            let remaining = t - Double(j) * tau
            return k < 1e-12 ? shares * remaining / t : shares * sinh(k * remaining) / sinh(k * t)
        }
    }

    /// n₁ … n_N: shares traded in each interval.
    public var trades: [Double] {
        let x = holdings
        return (1...periods).map { x[$0 - 1] - x[$0] }
    }

    /// E[cost] in closed form: ½γX² + εX + η̃X²·tanh(κτ/2)(τ·sinh 2κT + 2T·sinh κτ) / (2τ²·sinh²κT).
    public var expectedCost: Double {
        let k = kappa, t = horizon, x = shares
        let base = permanentImpact * x * x / 2 + fixedCost * x
        guard k > 1e-12 else { return base + adjustedImpact * x * x / t }
        return base + adjustedImpact * x * x * tanh(k * tau / 2) * (tau * sinh(2 * k * t) + 2 * t * sinh(k * tau)) / (2 * tau * tau * pow(sinh(k * t), 2))
    }

    /// Var[cost] in closed form: ½σ²X²·(τ·sinh κT·cosh κ(T−τ) − T·sinh κτ) / (sinh²κT·sinh κτ).
    public var variance: Double {
        let k = kappa, t = horizon, x = shares, s2 = volatility * volatility
        guard k > 1e-12 else { return s2 * x * x * (t / 3) * (1 - 1 / Double(periods)) * (1 - 1 / (2 * Double(periods))) }
        return s2 * x * x / 2 * (tau * sinh(k * t) * cosh(k * (t - tau)) - t * sinh(k * tau)) / (pow(sinh(k * t), 2) * sinh(k * tau))
    }

    /// The cost of any trajectory by the model's definition: ½γX² + εΣ|n| + (η̃/τ)Σn², and its
    /// variance σ²τ·Σx_k² (k ≥ 1); the closed forms above are these for the optimal one.
    public func cost(of trades: [Double]) -> (expected: Double, variance: Double) {
        var held = shares
        var expected = permanentImpact * shares * shares / 2
        var variance = 0.0
        for n in trades {
            expected += fixedCost * abs(n) + adjustedImpact / tau * n * n
            held -= n
            variance += volatility * volatility * tau * held * held
        }
        return (expected, variance)
    }
}
