import Foundation
import KumoCore

/// Data-snooping tests over a study's trials against a benchmark: White's reality check
/// (Econometrica 68(5), 2000) and Hansen's superior predictive ability test (J. Business &
/// Economic Statistics 23(4), 2005), both on the stationary bootstrap. Their null hypothesis is
/// that no trial beats the benchmark; a small p-value says the best one's edge survives the
/// search that found it.
public struct RealityCheck: Sendable, Equatable {
    /// White's p-value (the statistic `max √T d̄ₖ`).
    public var whitePValue: Double
    /// Hansen's consistent p-value (studentised, poor trials recentred away).
    public var spaPValue: Double
    public var resamples: Int

    /// `differentials[k][t]`: trial k's return less the benchmark's in period t (the benchmark
    /// of a strategy search is usually not trading at all: zero).
    public init(differentials: [[Double]], resamples: Int = 1000, meanBlock: Double = 10, seed: UInt64 = 1) throws(ResearchError) {
        guard let t = differentials.first?.count, t > 2, differentials.allSatisfy({ $0.count == t }) else {
            throw .invalidInput("the reality check needs trials with equally many returns, more than two")
        }
        let root = Double(t).squareRoot()
        let means = differentials.map { $0.reduce(0, +) / Double(t) }
        let bootstrap = StationaryBootstrap(length: t, meanBlock: meanBlock)
        var generator = SplitMix64(seed: seed)
        // Each resample's mean per trial, kept for the SPA's standard errors.
        var resampledMeans: [[Double]] = []
        for _ in 0..<resamples {
            let indices = bootstrap.indices(using: &generator)
            resampledMeans.append(differentials.map { series in indices.reduce(0) { $0 + series[$1] } / Double(t) })
        }
        let statistic = means.map { root * $0 }.max()!
        let whiteExceed = resampledMeans.count { sample in zip(sample, means).map { root * ($0 - $1) }.max()! >= statistic }
        whitePValue = Double(whiteExceed) / Double(resamples)

        let deviations = (0..<differentials.count).map { k in
            let values = resampledMeans.map { root * ($0[k] - means[k]) }
            return max((values.map { $0 * $0 }.reduce(0, +) / Double(resamples)).squareRoot(), 1e-12)
        }
        // Hansen's g_c: a trial clearly worse than the benchmark (mean below −√(ω²/T · 2 ln ln T))
        // keeps its negative mean in the resamples instead of being centred to zero, so hopeless
        // trials cannot inflate the p-value.
        let threshold = { (k: Int) in -deviations[k] / root * (2 * log(log(Double(t)))).squareRoot() }
        let centre = means.indices.map { means[$0] >= threshold($0) ? means[$0] : 0 }
        let spa = max(means.indices.map { root * means[$0] / deviations[$0] }.max()!, 0)
        let spaExceed = resampledMeans.count { sample in
            max(sample.indices.map { root * (sample[$0] - centre[$0]) / deviations[$0] }.max()!, 0) >= spa
        }
        spaPValue = Double(spaExceed) / Double(resamples)
        self.resamples = resamples
    }
}
