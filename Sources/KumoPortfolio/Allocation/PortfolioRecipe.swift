/// Everything that turns a window of returns into target weights: the method, the estimators
/// and the constraints. `kumo portfolio`, the rebalancer and `ctx:portfolio_weights` share it.
public struct PortfolioRecipe: Sendable, Equatable {
    public enum Method: String, Sendable, CaseIterable {
        case maxSharpe = "max_sharpe"
        case minVolatility = "min_volatility"
        case efficientRisk = "efficient_risk"
        case efficientReturn = "efficient_return"
        case maxUtility = "max_utility"
        case hrp
        case riskParity = "risk_parity"
        case blackLitterman = "black_litterman"
        case equalWeight = "equal_weight"
        case inverseVolatility = "inverse_volatility"
    }

    public enum CovarianceEstimator: String, Sendable, CaseIterable {
        case sample
        case ledoitWolf = "ledoit_wolf"
    }

    public enum ReturnEstimator: String, Sendable, CaseIterable {
        /// Compound annual growth (PyPortfolioOpt's default).
        case compounded
        /// Arithmetic mean × periods per year.
        case mean
    }

    /// A view on the assets: `picks` by asset name (+1 long, −1 short in a relative view).
    public struct View: Sendable, Equatable {
        public var picks: [String: Double]
        public var expectedReturn: Double

        public init(picks: [String: Double], expectedReturn: Double) {
            self.picks = picks
            self.expectedReturn = expectedReturn
        }
    }

    /// A sector's members by name and its floor and cap.
    public struct Sector: Sendable, Equatable {
        public var name: String
        public var members: [String]
        public var lower: Double
        public var upper: Double

        public init(name: String, members: [String], lower: Double = 0, upper: Double) {
            self.name = name
            self.members = members
            self.lower = lower
            self.upper = upper
        }
    }

    public var method: Method = .maxSharpe
    public var covariance: CovarianceEstimator = .sample
    public var returns: ReturnEstimator = .compounded
    public var frequency = 252.0
    public var riskFreeRate = 0.0
    public var targetVolatility: Double?
    public var targetReturn: Double?
    public var riskAversion = 1.0
    public var lowerBound = 0.0
    public var upperBound = 1.0
    /// Per-asset bounds by name, overriding the common ones.
    public var bounds: [String: ClosedRange<Double>] = [:]
    public var sectors: [Sector] = []
    public var views: [View] = []
    /// Market capitalisation weights for Black–Litterman's implied prior (nil: the historical estimate).
    public var marketWeights: [String: Double]?
    public var tau = 0.05
    public var linkage: HierarchicalClustering.Linkage = .single

    public init(method: Method = .maxSharpe) { self.method = method }

    /// Expected returns and covariance of `series` under the recipe's estimators, annualised.
    public func estimates(_ series: ReturnSeries) -> (expected: [Double], covariance: Matrix) {
        let expected = returns == .compounded ? series.compoundedAnnualReturns(frequency: frequency) : series.meanAnnualReturns(frequency: frequency)
        let covariance = self.covariance == .sample ? series.sampleCovariance(frequency: frequency) : LedoitWolf(series, frequency: frequency).covariance
        return (expected, covariance)
    }

    /// The expected returns the optimiser uses: the estimate, or Black–Litterman's posterior.
    public func expectedReturns(_ series: ReturnSeries) throws(PortfolioError) -> [Double] {
        let (expected, covariance) = estimates(series)
        return method == .blackLitterman ? try posterior(names: series.names, expected: expected, covariance: covariance) : expected
    }

    /// The weight constraints for `names`.
    public func constraints(_ names: [String]) throws(PortfolioError) -> WeightConstraints {
        for name in bounds.keys where !names.contains(name) { throw .invalidInput("a bound names \(name), which is not among the assets (\(names.joined(separator: ", ")))") }
        var result = WeightConstraints(
            lower: names.map { bounds[$0]?.lowerBound ?? lowerBound }, upper: names.map { bounds[$0]?.upperBound ?? upperBound })
        for sector in sectors {
            let members = try sector.members.map { member throws(PortfolioError) -> Int in
                guard let index = names.firstIndex(of: member) else { throw .invalidInput("sector \(sector.name) names \(member), which is not among the assets") }
                return index
            }
            result.sectors.append(.init(name: sector.name, members: members, lower: sector.lower, upper: sector.upper))
        }
        return result
    }

    /// Target weights for the assets of `series`, in their order.
    public func weights(_ series: ReturnSeries) throws(PortfolioError) -> [Double] {
        let names = series.names
        let (expected, covariance) = estimates(series)
        switch method {
        case .equalWeight:
            return Array(repeating: 1 / Double(names.count), count: names.count)
        case .inverseVolatility:
            let inverse = covariance.diagonal.map { 1 / $0.squareRoot() }
            let total = inverse.reduce(0, +)
            return inverse.map { $0 / total }
        case .hrp:
            return HierarchicalRiskParity.weights(covariance: covariance, correlation: ReturnSeries.correlation(of: covariance), linkage: linkage)
        case .riskParity:
            return try RiskParity.weights(covariance: covariance)
        default:
            break
        }
        var means = expected
        if method == .blackLitterman {
            means = try posterior(names: names, expected: expected, covariance: covariance)
        }
        let optimizer = try MeanVarianceOptimizer(names: names, expectedReturns: means, covariance: covariance, constraints: try constraints(names))
        switch method {
        case .minVolatility: return try optimizer.minVolatility()
        case .maxUtility: return try optimizer.maxQuadraticUtility(riskAversion: riskAversion)
        case .efficientRisk:
            guard let targetVolatility else { throw .invalidInput("efficient_risk needs a target volatility") }
            return try optimizer.efficientRisk(targetVolatility: targetVolatility)
        case .efficientReturn:
            guard let targetReturn else { throw .invalidInput("efficient_return needs a target return") }
            return try optimizer.efficientReturn(target: targetReturn)
        default: return try optimizer.maxSharpe(riskFreeRate: riskFreeRate)
        }
    }

    /// Black–Litterman's posterior returns: the prior is the market-implied one when market
    /// weights are given (risk aversion from the market portfolio's own return and variance,
    /// floored at 1), else the historical estimate.
    func posterior(names: [String], expected: [Double], covariance: Matrix) throws(PortfolioError) -> [Double] {
        var prior = expected
        if let marketWeights {
            let weights = names.map { marketWeights[$0] ?? 0 }
            let total = weights.reduce(0, +)
            guard total > 0 else { throw .invalidInput("market weights name none of the assets") }
            let normalised = weights.map { $0 / total }
            let marketReturn = dot(normalised, expected)
            let delta = max(1, BlackLitterman.impliedRiskAversion(
                marketReturn: marketReturn, marketVariance: covariance.quadraticForm(normalised), riskFreeRate: riskFreeRate))
            prior = BlackLitterman.impliedReturns(covariance: covariance, marketWeights: normalised, riskAversion: delta, riskFreeRate: riskFreeRate)
        }
        let views = try self.views.map { view throws(PortfolioError) -> BlackLitterman.View in
            for name in view.picks.keys where !names.contains(name) { throw .invalidInput("a view names \(name), which is not among the assets") }
            return .init(picks: names.map { view.picks[$0] ?? 0 }, expectedReturn: view.expectedReturn)
        }
        return try BlackLitterman(covariance: covariance, prior: prior, tau: tau).posteriorReturns(views: views)
    }
}
