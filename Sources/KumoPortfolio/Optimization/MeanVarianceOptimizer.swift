/// Markowitz portfolios on expected returns and a covariance matrix under weight constraints:
/// minimum volatility, maximum Sharpe, efficient return and risk, and quadratic utility. Each is
/// solved as an exact quadratic program, so the weights agree with a conic solver's to its
/// tolerance (PyPortfolioOpt's `EfficientFrontier` is the reference).
public struct MeanVarianceOptimizer: Sendable {
    public let names: [String]
    /// Expected returns per period of the covariance (annualised in practice).
    public let expectedReturns: [Double]
    public let covariance: Matrix
    public let constraints: WeightConstraints

    public init(names: [String], expectedReturns: [Double], covariance: Matrix, constraints: WeightConstraints? = nil) throws(PortfolioError) {
        let count = names.count
        guard count > 0 else { throw .invalidInput("no assets to allocate") }
        guard expectedReturns.count == count, covariance.rows == count, covariance.columns == count else {
            throw .invalidInput("\(count) assets, \(expectedReturns.count) expected returns and a \(covariance.rows)×\(covariance.columns) covariance")
        }
        if let bad = expectedReturns.indices.first(where: { !expectedReturns[$0].isFinite }) {
            throw .invalidInput("expected return of \(names[bad]) is not a number")
        }
        if let bad = covariance.values.indices.first(where: { !covariance.values[$0].isFinite }) {
            throw .invalidInput("covariance of \(names[bad / count]) and \(names[bad % count]) is not a number")
        }
        let constraints = constraints ?? WeightConstraints(count: count)
        try constraints.validate(count: count, names: names)
        self.names = names
        self.expectedReturns = expectedReturns
        self.covariance = covariance
        self.constraints = constraints
    }

    var count: Int { names.count }

    var budget: QuadraticProgram.Constraint { .init(Array(repeating: 1, count: count), 1, name: "weights sum to 1") }

    /// The portfolio of least variance.
    public func minVolatility() throws(PortfolioError) -> [Double] {
        try solve(linear: Array(repeating: 0, count: count), extra: [])
    }

    /// The portfolio that maximises `μᵀw − ½ δ wᵀΣw`.
    public func maxQuadraticUtility(riskAversion: Double = 1) throws(PortfolioError) -> [Double] {
        guard riskAversion > 0 else { throw .invalidInput("risk aversion must be positive, got \(riskAversion)") }
        return try solve(linear: expectedReturns.map { -$0 / riskAversion }, extra: [])
    }

    /// The least-variance portfolio whose expected return is at least `target`.
    public func efficientReturn(target: Double) throws(PortfolioError) -> [Double] {
        let best = try maxReturn()
        let reachable = dot(best, expectedReturns)
        guard target <= reachable + 1e-12 else { throw .targetReturnTooHigh(target: target, maximum: reachable) }
        return try solve(linear: Array(repeating: 0, count: count), extra: [.init(expectedReturns, target, name: "return ≥ \(target)")])
    }

    /// The tangency portfolio: greatest `(μᵀw − r) / √(wᵀΣw)`. Solved after Cornuéjols and
    /// Tütüncü's change of variables `y = k w` (minimise `yᵀΣy` with `(μ − r)ᵀy = 1`), the bounds
    /// scaled by `k = Σy`, as PyPortfolioOpt does.
    public func maxSharpe(riskFreeRate: Double = 0) throws(PortfolioError) -> [Double] {
        guard expectedReturns.contains(where: { $0 > riskFreeRate }) else { throw .noReturnAboveRiskFree(riskFree: riskFreeRate) }
        // Under the bounds, the best reachable return may still not beat the risk-free rate.
        guard dot(try maxReturn(), expectedReturns) > riskFreeRate + 1e-12 else { throw .noReturnAboveRiskFree(riskFree: riskFreeRate) }
        let excess = expectedReturns.map { $0 - riskFreeRate }
        var inequalities = constraints.inequalities(count: count, names: names, scaledBySum: true)
        inequalities.append(.init(Array(repeating: 1, count: count), 0, name: "k ≥ 0"))
        let program = QuadraticProgram(
            hessian: 2 * covariance, linear: Array(repeating: 0, count: count),
            equalities: [.init(excess, 1, name: "excess return of y is 1")], inequalities: inequalities)
        let y = try Self.run(program)
        let k = y.reduce(0, +)
        guard k > 0 else { throw .unsolvable("the maximum Sharpe problem has no portfolio with positive excess return under these constraints") }
        return y.map { $0 / k }
    }

    /// The greatest-return portfolio whose volatility is at most `targetVolatility`. The
    /// solutions of `min ½wᵀΣw − t μᵀw` trace the efficient frontier as `t` grows, their
    /// volatility rising with `t`; `t` is bisected until the volatility meets the target.
    public func efficientRisk(targetVolatility: Double) throws(PortfolioError) -> [Double] {
        let least = try minVolatility()
        let leastVolatility = volatility(least)
        guard targetVolatility >= leastVolatility - 1e-12 else {
            throw .targetVolatilityTooLow(target: targetVolatility, minimum: leastVolatility)
        }
        func frontier(_ t: Double) throws(PortfolioError) -> [Double] {
            try solve(linear: expectedReturns.map { -t * $0 }, extra: [])
        }
        var high = 1.0
        var top = try frontier(high)
        while volatility(top) < targetVolatility {
            let further = try frontier(high * 2)
            if zip(further, top).allSatisfy({ abs($0 - $1) <= 1e-14 }) { return further } // the highest-return corner
            high *= 2
            top = further
            if high > 1e12 { return further }
        }
        var low = 0.0
        for _ in 0..<200 {
            let middle = 0.5 * (low + high)
            guard middle > low, middle < high else { break }
            if volatility(try frontier(middle)) > targetVolatility { high = middle } else { low = middle }
        }
        return try frontier(low)
    }

    /// The greatest expected return any allowed portfolio reaches (a linear program, solved as
    /// the limit of the utility path).
    func maxReturn() throws(PortfolioError) -> [Double] {
        var t = 1.0
        var previous = try solve(linear: expectedReturns.map { -t * $0 }, extra: [])
        while t < 1e12 {
            t *= 4
            let next = try solve(linear: expectedReturns.map { -t * $0 }, extra: [])
            if zip(next, previous).allSatisfy({ abs($0 - $1) <= 1e-13 }) { return next }
            previous = next
        }
        return previous
    }

    /// Annualised volatility `√(wᵀΣw)` of `weights`.
    public func volatility(_ weights: [Double]) -> Double { covariance.quadraticForm(weights).squareRoot() }

    /// Expected return, volatility and Sharpe ratio of `weights`.
    public func performance(_ weights: [Double], riskFreeRate: Double = 0) -> (expectedReturn: Double, volatility: Double, sharpe: Double) {
        let expected = dot(weights, expectedReturns)
        let risk = volatility(weights)
        return (expected, risk, (expected - riskFreeRate) / risk)
    }

    func solve(linear: [Double], extra: [QuadraticProgram.Constraint]) throws(PortfolioError) -> [Double] {
        let program = QuadraticProgram(
            hessian: covariance, linear: linear, equalities: [budget],
            inequalities: extra + constraints.inequalities(count: count, names: names, scaledBySum: false))
        return try Self.run(program)
    }

    static func run(_ program: QuadraticProgram) throws(PortfolioError) -> [Double] {
        do throws(QuadraticProgram.Failure) {
            return try program.solve().x
        } catch {
            throw .unsolvable(error.description)
        }
    }
}
