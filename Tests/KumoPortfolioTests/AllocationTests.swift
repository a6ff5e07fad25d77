import Foundation
import KumoPortfolio
import Testing

/// Whole-share allocation and the recipe's plumbing, on hand-worked numbers.
struct AllocationTests {
    @Test func greedyAllocationFillsTheMostUnderweightAffordableAsset() throws {
        // 1,000,000 at 60/40 over prices 70,000 and 30,000: floors 8 (560,000) and 13 (390,000),
        // 50,000 left; the next share of B (30,000) is affordable and B is furthest below its 40%.
        let allocation = try DiscreteAllocation(weights: [0.6, 0.4], prices: [70_000, 30_000], capital: 1_000_000)
        #expect(allocation.shares == [8, 14])
        #expect(allocation.leftover == 20_000)
        #expect(throws: PortfolioError.invalidInput("the price of asset 2 is not positive")) {
            try DiscreteAllocation(weights: [0.5, 0.5], prices: [1, 0], capital: 10)
        }
    }

    @Test func recipesNameAssetsByNameAndRefuseUnknownOnes() throws {
        let series = try ReturnSeries(names: ["A", "B", "C"], returns: (0..<300).map { t in
            let x = Double(t)
            return [0.001 + 0.01 * sin(x), 0.0005 + 0.012 * cos(x * 1.3), 0.0002 + 0.008 * sin(x * 0.7 + 1)]
        })
        var recipe = PortfolioRecipe(method: .minVolatility)
        recipe.bounds = ["A": 0.2...0.3]
        let weights = try recipe.weights(series)
        #expect(weights[0] >= 0.2 - 1e-12 && weights[0] <= 0.3 + 1e-12)
        #expect(abs(weights.reduce(0, +) - 1) < 1e-12)
        recipe.sectors = [.init(name: "bc", members: ["B", "C"], upper: 0.75)]
        let capped = try recipe.weights(series)
        #expect(capped[1] + capped[2] <= 0.75 + 1e-12)
        recipe.bounds = ["Z": 0...1]
        #expect(throws: PortfolioError.invalidInput("a bound names Z, which is not among the assets (A, B, C)")) { try recipe.weights(series) }
        // Equal weight and inverse volatility need no solver.
        #expect(try PortfolioRecipe(method: .equalWeight).weights(series) == [1.0 / 3, 1.0 / 3, 1.0 / 3])
        let inverse = try PortfolioRecipe(method: .inverseVolatility).weights(series)
        let deviations = series.sampleCovariance().diagonal.map { $0.squareRoot() }
        let riskA: Double = inverse[0] * deviations[0]
        let riskB: Double = inverse[1] * deviations[1]
        #expect(abs(riskA - riskB) < 1e-12)
    }
}
