import Foundation

/// Bailey and López de Prado's deflated Sharpe ratio ("The Deflated Sharpe Ratio: Correcting for
/// Selection Bias, Backtest Overfitting and Non-Normality", J. Portfolio Management 40(5), 2014):
/// the probability that the best of N trials' Sharpe ratio beats what the best of N unskilled
/// trials would show, given the returns' length, skewness and kurtosis. Sharpe ratios here are
/// per period (not annualised), as in the paper's formulas.
public struct DeflatedSharpe: Sendable, Equatable {
    /// The best trial's per-period Sharpe ratio.
    public var sharpe: Double
    /// The expected maximum Sharpe ratio of `trials` unskilled trials (the paper's SR₀).
    public var expectedMaximum: Double
    /// The probability that the true Sharpe ratio exceeds SR₀.
    public var probability: Double
    public var trials: Int
    public var observations: Int
    /// The conventional verdict: significant at 95%.
    public var isSignificant: Bool { probability > 0.95 }

    /// The expected maximum of `trials` Sharpe ratios drawn with variance `variance` and mean 0:
    /// `√V ((1 − γ) Φ⁻¹(1 − 1/N) + γ Φ⁻¹(1 − 1/(N e)))`, γ the Euler–Mascheroni constant.
    public static func expectedMaximum(trials: Int, variance: Double) -> Double {
        guard trials > 1 else { return 0 }
        let gamma = 0.577_215_664_901_532_9
        let n = Double(trials)
        return variance.squareRoot() * ((1 - gamma) * Normal.quantile(1 - 1 / n) + gamma * Normal.quantile(1 - 1 / (n * M_E)))
    }

    /// The probabilistic Sharpe ratio: `Φ((SR − SR₀) √(T − 1) / √(1 − γ₃ SR + (γ₄ − 1)/4 SR²))`
    /// with γ₄ the (non-excess) kurtosis.
    public static func probabilistic(sharpe: Double, benchmark: Double, observations: Int, skewness: Double, kurtosis: Double) -> Double {
        let spread = 1 - skewness * sharpe + (kurtosis - 1) / 4 * sharpe * sharpe
        guard spread > 0, observations > 1 else { return sharpe > benchmark ? 1 : 0 }
        return Normal.cdf((sharpe - benchmark) * Double(observations - 1).squareRoot() / spread.squareRoot())
    }

    /// From the paper's summary numbers.
    public init(sharpe: Double, trials: Int, sharpeVariance: Double, observations: Int, skewness: Double, kurtosis: Double) {
        self.sharpe = sharpe
        self.trials = trials
        self.observations = observations
        expectedMaximum = Self.expectedMaximum(trials: trials, variance: sharpeVariance)
        probability = Self.probabilistic(sharpe: sharpe, benchmark: expectedMaximum, observations: observations, skewness: skewness, kurtosis: kurtosis)
    }

    /// From a study: every complete trial's per-period returns; the best is the one of highest
    /// Sharpe ratio, and the variance is that of their Sharpe ratios. `trialCount` is how many
    /// trials the search tried in all (pruned ones too; default: the returns given). Nil with
    /// fewer than two trials or too few returns.
    public init?(trialReturns: [[Double]], trialCount: Int? = nil) {
        let usable = trialReturns.filter { $0.count > 2 }
        guard usable.count > 1 else { return nil }
        let sharpes = usable.map { Moments($0).sharpe }
        let bestIndex = sharpes.indices.max { sharpes[$0] < sharpes[$1] }!
        let moments = Moments(usable[bestIndex])
        let mean = sharpes.reduce(0, +) / Double(sharpes.count)
        let variance = sharpes.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(sharpes.count - 1)
        self.init(
            sharpe: sharpes[bestIndex], trials: max(trialCount ?? usable.count, usable.count), sharpeVariance: variance, observations: usable[bestIndex].count,
            skewness: moments.skewness, kurtosis: moments.kurtosis)
    }
}

/// Sample moments of a return series: mean, standard deviation (n − 1), skewness and
/// non-excess kurtosis (population, as the paper's γ₃ and γ₄).
public struct Moments: Sendable {
    public var mean: Double
    public var standardDeviation: Double
    public var skewness: Double
    public var kurtosis: Double

    public init(_ values: [Double]) {
        let n = Double(values.count)
        let average = values.reduce(0, +) / n
        mean = average
        let centred = values.map { $0 - average }
        let m2 = centred.map { $0 * $0 }.reduce(0, +) / n
        let m3 = centred.map { $0 * $0 * $0 }.reduce(0, +) / n
        let m4 = centred.map { $0 * $0 * $0 * $0 }.reduce(0, +) / n
        standardDeviation = n > 1 ? (m2 * n / (n - 1)).squareRoot() : 0
        skewness = m2 > 0 ? m3 / pow(m2, 1.5) : 0
        kurtosis = m2 > 0 ? m4 / (m2 * m2) : 3
    }

    /// Mean over standard deviation, per period.
    public var sharpe: Double { standardDeviation > 0 ? mean / standardDeviation : 0 }
}
