import Foundation

/// The probability of backtest overfitting by combinatorially symmetric cross-validation
/// (Bailey, Borwein, López de Prado and Zhu, "The Probability of Backtest Overfitting", J.
/// Computational Finance 20(4), 2017). The T × N matrix of N trials' per-period returns is cut
/// into S blocks of rows; for every choice of S/2 blocks as in-sample, the trial best in sample
/// is ranked out of sample; PBO is the share of choices where it lands at or below the median
/// (logit λ ≤ 0).
public struct BacktestOverfitting: Sendable, Equatable {
    /// The logits λ = ln(ω / (1 − ω)) of the in-sample winner's relative out-of-sample rank ω.
    public var logits: [Double]
    /// The share of logits ≤ 0.
    public var probability: Double
    /// The share of splits in which the in-sample winner lost money out of sample.
    public var probabilityOfLoss: Double
    public var splits: Int

    /// How a trial's returns over a set of rows are scored.
    public enum Performance: Sendable {
        /// Mean over sample standard deviation (the paper's choice).
        case sharpe
        /// The mean return.
        case mean

        func score(count: Double, sum: Double, squares: Double) -> Double {
            let mean = sum / count
            switch self {
            case .mean: return mean
            case .sharpe:
                guard count > 1 else { return 0 }
                let variance = max(0, (squares - sum * mean) / (count - 1))
                return variance > 0 ? mean / variance.squareRoot() : 0
            }
        }
    }

    /// `returns[t][n]`: trial n's return in period t. `blocks` must be even and at most T. Each
    /// block's count, sum and sum of squares per trial are taken once, so a split costs
    /// blocks × trials, not rows × trials.
    public init(returns: [[Double]], blocks: Int = 16, performance: Performance = .sharpe) throws(ResearchError) {
        let t = returns.count
        guard let n = returns.first?.count, n >= 2 else { throw .invalidInput("PBO needs at least two trials") }
        guard blocks >= 2, blocks % 2 == 0, blocks <= t else { throw .invalidInput("PBO needs an even number of blocks from 2 to the \(t) periods, not \(blocks)") }
        let bounds = (0...blocks).map { $0 * t / blocks }
        var sums = [[Double]](repeating: [Double](repeating: 0, count: n), count: blocks)
        var squares = sums
        for block in 0..<blocks {
            for row in bounds[block]..<bounds[block + 1] {
                for trial in 0..<n {
                    let value = returns[row][trial]
                    sums[block][trial] += value
                    squares[block][trial] += value * value
                }
            }
        }
        var logits: [Double] = []
        var losses = 0
        for chosen in Self.combinations(blocks, blocks / 2) {
            var isIn = [Bool](repeating: false, count: blocks)
            for block in chosen { isIn[block] = true }
            var inScores = [Double](repeating: 0, count: n)
            var outScores = inScores
            var outSums = inScores
            for trial in 0..<n {
                var aggregate = (inCount: 0.0, inSum: 0.0, inSquares: 0.0, outCount: 0.0, outSum: 0.0, outSquares: 0.0)
                for block in 0..<blocks {
                    let rows = Double(bounds[block + 1] - bounds[block])
                    if isIn[block] {
                        aggregate.inCount += rows
                        aggregate.inSum += sums[block][trial]
                        aggregate.inSquares += squares[block][trial]
                    } else {
                        aggregate.outCount += rows
                        aggregate.outSum += sums[block][trial]
                        aggregate.outSquares += squares[block][trial]
                    }
                }
                inScores[trial] = performance.score(count: aggregate.inCount, sum: aggregate.inSum, squares: aggregate.inSquares)
                outScores[trial] = performance.score(count: aggregate.outCount, sum: aggregate.outSum, squares: aggregate.outSquares)
                outSums[trial] = aggregate.outSum
            }
            let winner = inScores.indices.max { (inScores[$0], -$0) < (inScores[$1], -$1) }!
            // Rank 1 is the worst out of sample, N the best; ties share the lower rank.
            let rank = Double(outScores.filter { $0 < outScores[winner] }.count + 1)
            let omega = rank / Double(n + 1)
            logits.append(log(omega / (1 - omega)))
            if outSums[winner] < 0 { losses += 1 }
        }
        self.logits = logits
        splits = logits.count
        probability = Double(logits.filter { $0 <= 0 }.count) / Double(logits.count)
        probabilityOfLoss = Double(losses) / Double(logits.count)
    }

    /// All k-subsets of 0..<n in lexicographic order.
    static func combinations(_ n: Int, _ k: Int) -> [[Int]] {
        var result: [[Int]] = []
        var current: [Int] = []
        func extend(_ start: Int) {
            if current.count == k {
                result.append(current)
                return
            }
            for next in start..<n where n - next >= k - current.count {
                current.append(next)
                extend(next + 1)
                current.removeLast()
            }
        }
        extend(0)
        return result
    }
}
