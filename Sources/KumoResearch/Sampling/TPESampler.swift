import Foundation
import KumoCore

/// The tree-structured Parzen estimator (Bergstra et al., "Algorithms for hyper-parameter
/// optimization", NIPS 2011) with Optuna's defaults: ten random start-up trials, then the best
/// γ(n) = min(⌈0.1 n⌉, 25) trials form the "good" density l(x) and the rest g(x), each a Parzen
/// mixture per parameter with a prior; 24 candidates are drawn from l and the one with the
/// largest l(x)/g(x) is run.
public struct TPESampler: Sampler {
    public var startupTrials: Int
    public var candidates: Int

    public init(startupTrials: Int = 10, candidates: Int = 24) {
        self.startupTrials = startupTrials
        self.candidates = candidates
    }

    public func propose(number: Int, history: [Trial], context: SamplingContext) -> [Int]? {
        var generator = context.generator(for: number)
        let scored = history.filter { $0.state == .complete && $0.value?.isFinite == true }
        guard scored.count >= startupTrials else { return context.randomFree(&generator) }
        let ranked = scored.sorted { ($0.value!, -$0.number) > ($1.value!, -$1.number) }
        let goodCount = min(Int((0.1 * Double(ranked.count)).rounded(.up)), 25)
        let good = ranked.prefix(goodCount).map(\.indices)
        let bad = ranked.dropFirst(goodCount).map(\.indices)
        let densities = context.space.parameters.enumerated().map { position, parameter in
            (
                good: Self.parzen(good.map { $0[position] }, parameter: parameter),
                bad: Self.parzen(bad.map { $0[position] }, parameter: parameter)
            )
        }
        var best: (score: Double, indices: [Int])?
        for _ in 0..<candidates {
            let indices = densities.map { Self.draw($0.good, &generator) }
            guard context.admits(indices) else { continue }
            let score = zip(indices, densities).reduce(0.0) { $0 + log($1.1.good[$1.0]) - log($1.1.bad[$1.0]) }
            if best == nil || score > best!.score { best = (score, indices) }
        }
        return best?.indices ?? context.randomFree(&generator)
    }

    /// The probability of each of the parameter's values under a Parzen mixture of the observed
    /// `indices` and a prior (uniform weight one). Ordered values get Gaussian kernels in index
    /// space, truncated to the range, with bandwidths from the neighbours' distances clipped as
    /// Optuna clips them; unordered choices get counts plus the prior spread evenly.
    static func parzen(_ indices: [Int], parameter: ParameterSpace.Parameter) -> [Double] {
        let m = parameter.values.count
        guard m > 1 else { return [1] }
        guard parameter.isOrdered else {
            var weights = [Double](repeating: 1 / Double(m), count: m)
            for index in indices { weights[index] += 1 }
            let total = weights.reduce(0, +)
            return weights.map { $0 / total }
        }
        let low = -0.5
        let high = Double(m) - 0.5
        let range = high - low
        let prior = (low + high) / 2
        let centres = (indices.map(Double.init) + [prior]).sorted()
        let minimum = range / min(100, Double(centres.count) + 1)
        func bandwidth(_ mu: Double) -> Double {
            let k = centres.firstIndex(of: mu)!
            let left = k > 0 ? mu - centres[k - 1] : mu - low
            let right = centres.last! > mu ? centres[centres.lastIndex(of: mu)! + 1] - mu : high - mu
            return min(max(max(left, right), minimum), range)
        }
        let kernels = indices.map { (mu: Double($0), sigma: bandwidth(Double($0))) } + [(mu: prior, sigma: range)]
        var mass = [Double](repeating: 0, count: m)
        for kernel in kernels {
            let inside = Normal.cdf((high - kernel.mu) / kernel.sigma) - Normal.cdf((low - kernel.mu) / kernel.sigma)
            for j in 0..<m {
                let cell = Normal.cdf((Double(j) + 0.5 - kernel.mu) / kernel.sigma) - Normal.cdf((Double(j) - 0.5 - kernel.mu) / kernel.sigma)
                mass[j] += cell / inside
            }
        }
        let total = mass.reduce(0, +)
        return mass.map { max($0 / total, 1e-300) }
    }

    static func draw(_ probabilities: [Double], _ generator: inout SplitMix64) -> Int {
        var u = Double.random(in: 0..<1, using: &generator)
        for (index, p) in probabilities.enumerated() {
            u -= p
            if u < 0 { return index }
        }
        return probabilities.count - 1
    }
}
