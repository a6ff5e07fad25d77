/// Black and Litterman's combination of a prior of expected returns (by default the market's
/// implied returns `δ Σ w_mkt`) with a trader's views `P μ = Q`, in He and Litterman's form:
/// `μ = π + τΣPᵀ (τ P Σ Pᵀ + Ω)⁻¹ (Q − Pπ)` with `Ω = diag(τ P Σ Pᵀ)` unless given, as
/// PyPortfolioOpt's `BlackLittermanModel` computes by default.
public struct BlackLitterman: Sendable {
    /// One view: weights on assets (one asset for an absolute view, +/− for a relative one) and
    /// the return they expect.
    public struct View: Sendable, Equatable {
        public var picks: [Double]
        public var expectedReturn: Double
        /// The view's variance; nil takes τ times the picked portfolio's variance.
        public var variance: Double?

        public init(picks: [Double], expectedReturn: Double, variance: Double? = nil) {
            self.picks = picks
            self.expectedReturn = expectedReturn
            self.variance = variance
        }
    }

    public let covariance: Matrix
    public let prior: [Double]
    public let tau: Double

    public init(covariance: Matrix, prior: [Double], tau: Double = 0.05) throws(PortfolioError) {
        guard prior.count == covariance.rows else { throw .invalidInput("\(prior.count) prior returns for \(covariance.rows) assets") }
        guard tau > 0 else { throw .invalidInput("tau must be positive, got \(tau)") }
        self.covariance = covariance
        self.prior = prior
        self.tau = tau
    }

    /// The returns the market's capitalisation weights imply: `δ Σ w + r`.
    public static func impliedReturns(covariance: Matrix, marketWeights: [Double], riskAversion: Double, riskFreeRate: Double = 0) -> [Double] {
        (covariance * marketWeights).map { riskAversion * $0 + riskFreeRate }
    }

    /// The market's risk aversion implied by its return and variance: `(R − r) / σ²`.
    public static func impliedRiskAversion(marketReturn: Double, marketVariance: Double, riskFreeRate: Double = 0) -> Double {
        (marketReturn - riskFreeRate) / marketVariance
    }

    /// The posterior expected returns given `views`.
    public func posteriorReturns(views: [View]) throws(PortfolioError) -> [Double] {
        guard !views.isEmpty else { return prior }
        let n = prior.count
        for (index, view) in views.enumerated() where view.picks.count != n {
            throw .invalidInput("view \(index + 1) picks \(view.picks.count) assets, there are \(n)")
        }
        let picks = Matrix(views.map(\.picks))
        let scaled = tau * covariance
        let scaledPicked = scaled * picks.transposed // n × k
        var viewCovariance = picks * scaledPicked // k × k
        for (index, view) in views.enumerated() {
            viewCovariance[index, index] += view.variance ?? viewCovariance[index, index]
        }
        let surprise = (0..<views.count).map { views[$0].expectedReturn - dot(views[$0].picks, prior) }
        guard let solved = viewCovariance.solvePositiveDefinite(surprise) else {
            throw .unsolvable("the views' covariance is singular (two views repeat each other?)")
        }
        let shift = scaledPicked * solved
        return (0..<n).map { prior[$0] + shift[$0] }
    }
}
