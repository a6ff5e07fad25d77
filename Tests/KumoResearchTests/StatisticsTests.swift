import Foundation
import KumoCore
import KumoResearch
import Testing

/// The overfitting statistics against their papers' worked numbers and hand-worked cases.
struct StatisticsTests {
    @Test func deflatedSharpeEqualsThePapersNumericalExample() {
        // Bailey & López de Prado (2014), section "A numerical example": N = 100 trials, variance
        // of their annualised Sharpe ratios 1/2, T = 1250 daily returns, skewness −3, kurtosis 10,
        // best annualised SR 2.5 (250 days a year) → SR₀ ≈ 0.1132 per day and DSR ≈ 0.9004.
        let result = DeflatedSharpe(
            sharpe: 2.5 / 250.0.squareRoot(), trials: 100, sharpeVariance: 0.5 / 250, observations: 1250, skewness: -3, kurtosis: 10)
        #expect(abs(result.expectedMaximum - 0.1132) < 5e-5)
        #expect(abs(result.probability - 0.9004) < 5e-4)
        #expect(!result.isSignificant)
        // One trial: nothing to deflate; the PSR against 0.
        #expect(DeflatedSharpe.expectedMaximum(trials: 1, variance: 1) == 0)
    }

    @Test func normalQuantileInvertsTheCDF() {
        for p in [1e-10, 0.001, 0.02425, 0.3, 0.5, 0.975, 0.999_999] {
            #expect(abs(Normal.cdf(Normal.quantile(p)) - p) < 1e-14 * max(1, p / (1 - p)) + 1e-16)
        }
        #expect(abs(Normal.quantile(0.975) - 1.959_963_984_540_054) < 1e-13)
    }

    @Test func pboOfAHandWorkedMatrix() throws {
        // Four periods, three trials, two blocks of two rows (one split each way), performance =
        // the mean. Rows 0–1 favour trial 0, rows 2–3 favour trial 2:
        //   in = block 0: winner trial 0 (means 2, 0, −1); out of sample (block 1) trial 0 has
        //   mean −1, worst of (−1, 0, 2) → rank 1, ω = 1/4, λ = ln(1/3) < 0.
        //   in = block 1: winner trial 2; out of sample it has −1, the worst again → λ = ln(1/3).
        // PBO = 2/2 = 1: the in-sample winner always loses.
        let returns: [[Double]] = [[3, 0, -1], [1, 0, -1], [-1, 0, 3], [-1, 0, 1]]
        let result = try BacktestOverfitting(returns: returns, blocks: 2, performance: .mean)
        #expect(result.splits == 2)
        #expect(result.logits.allSatisfy { abs($0 - log(1.0 / 3)) < 1e-15 })
        #expect(result.probability == 1)
        #expect(result.probabilityOfLoss == 1)
        // A trial best in every block: its rank is N out of sample, λ = ln(3) > 0, PBO = 0.
        let dominant: [[Double]] = [[3, 0, -1], [2, 0, -1], [4, 1, 0], [2, 1, 0]]
        let clean = try BacktestOverfitting(returns: dominant, blocks: 2, performance: .mean)
        #expect(clean.probability == 0)
        #expect(clean.logits.allSatisfy { abs($0 - log(3.0)) < 1e-15 })
        // C(16, 8) splits by default.
        let noise = (0..<320).map { t in (0..<6).map { n in sin(Double(t * 7 + n * 13)) } }
        #expect(try BacktestOverfitting(returns: noise).splits == 12_870)
        #expect(throws: ResearchError.invalidInput("PBO needs an even number of blocks from 2 to the 4 periods, not 3")) {
            try BacktestOverfitting(returns: returns, blocks: 3)
        }
    }

    @Test func stationaryBootstrapBlocksHaveTheirMeanLength() {
        var generator = SplitMix64(seed: 3)
        let bootstrap = StationaryBootstrap(length: 100_000, meanBlock: 10)
        let indices = bootstrap.indices(using: &generator)
        let breaks = zip(indices, indices.dropFirst()).count { $1 != ($0 + 1) % 100_000 }
        // Restarts with probability 1/10 (a restart may land on the next index: 1e-5 of them).
        #expect(abs(Double(indices.count) / Double(breaks + 1) - 10) < 0.3)
    }
}
