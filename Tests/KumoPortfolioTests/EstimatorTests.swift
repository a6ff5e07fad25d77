import KumoPortfolio
import Testing

/// Ledoit–Wolf against scikit-learn, HRP against PyPortfolioOpt's HRPOpt (four linkages), and
/// Black–Litterman's posterior against PyPortfolioOpt's BlackLittermanModel.
struct EstimatorTests {
    static var caseNames: [String] { PortfolioReference.shared.cases.map(\.name) }

    static func reference(_ name: String) -> PortfolioReference.Case { PortfolioReference.shared.cases.first { $0.name == name }! }

    @Test(arguments: caseNames)
    func ledoitWolfEqualsScikitLearn(caseName: String) throws {
        let reference = Self.reference(caseName)
        let estimate = LedoitWolf(try reference.series())
        #expect(abs(estimate.shrinkage - reference.ledoit_wolf.shrinkage) < 1e-12)
        let expected = reference.ledoit_wolf.covariance.flatMap { $0 }
        let scale = expected.map(abs).max()!
        #expect(largestDifference(estimate.covariance.values, expected) / scale < 1e-10)
    }

    @Test(arguments: caseNames)
    func hierarchicalRiskParityEqualsHRPOpt(caseName: String) throws {
        let reference = Self.reference(caseName)
        let series = try reference.series()
        for linkage in HierarchicalClustering.Linkage.allCases {
            let weights = HierarchicalRiskParity.weights(
                covariance: series.sampleCovariance(frequency: 1), correlation: series.correlation, linkage: linkage)
            #expect(largestDifference(weights, reference.hrp[linkage.rawValue]!) < 1e-9, "\(caseName) \(linkage)")
        }
    }

    @Test(arguments: caseNames)
    func blackLittermanPosteriorEqualsPyPortfolioOpt(caseName: String) throws {
        let reference = Self.reference(caseName)
        let series = try reference.series()
        let views = reference.black_litterman
        let model = try BlackLitterman(covariance: series.sampleCovariance(), prior: series.compoundedAnnualReturns(), tau: views.tau)
        let posterior = try model.posteriorReturns(views: zip(views.picks, views.views).map { .init(picks: $0, expectedReturn: $1) })
        #expect(largestDifference(posterior, views.posterior) < 1e-12)
    }

    @Test func singleLinkageMergesLikeSciPy() {
        // Four points on a line at 0, 1, 3, 7: merges (0,1) at 1, (2, 4) at 2, (3, 5) at 4.
        let positions = [0.0, 1, 3, 7]
        var distances = Matrix(rows: 4, columns: 4)
        for i in 0..<4 { for j in 0..<4 { distances[i, j] = abs(positions[i] - positions[j]) } }
        let tree = HierarchicalClustering(distances: distances, linkage: .single)
        #expect(tree.merges.map { [$0.left, $0.right] } == [[0, 1], [2, 4], [3, 5]])
        #expect(tree.merges.map(\.distance) == [1, 2, 4])
        #expect(tree.leafOrder == [3, 2, 0, 1])
    }

    @Test func equalRiskContributionsHoldAndMatchTheDiagonalCase() throws {
        let series = try Self.reference("synthetic").series()
        let covariance = series.sampleCovariance()
        let weights = try RiskParity.weights(covariance: covariance)
        let shares = RiskParity.riskContributions(weights: weights, covariance: covariance)
        #expect(shares.allSatisfy { abs($0 - 1.0 / 12) < 1e-10 })
        // Uncorrelated assets: weights in inverse proportion to volatility (0.1, 0.2, 0.4 → 4:2:1).
        let diagonal = try RiskParity.weights(covariance: .diagonal([0.01, 0.04, 0.16]))
        #expect(largestDifference(diagonal, [4.0 / 7, 2.0 / 7, 1.0 / 7]) < 1e-12)
        // Budgets 1:2:1 on the same assets.
        let budgeted = try RiskParity.weights(covariance: covariance, budgets: [1, 2, 1] + Array(repeating: 1, count: 9))
        #expect(abs(RiskParity.riskContributions(weights: budgeted, covariance: covariance)[1] - 2.0 / 13) < 1e-10)
    }
}
