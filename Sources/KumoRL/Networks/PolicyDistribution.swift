import Foundation

/// The policy's distribution over actions and the derivatives its losses need: categorical over
/// logits for discrete actions, diagonal Gaussian (state-independent log σ) for continuous ones,
/// as stable-baselines3 parameterises them.
enum PolicyDistribution {
    static let halfLogTwoPi = 0.5 * Float(Foundation.log(2 * Double.pi))

    /// log p(a) and entropy of each row of `logits` (rows × n); with `gradients`, also
    /// d log p / d logits and d H / d logits.
    static func categorical(_ logits: [Float], rows: Int, actions: [Int]) -> (logProbabilities: [Float], entropies: [Float], dLogP: [Float], dEntropy: [Float]) {
        let n = logits.count / rows
        var logP = [Float](repeating: 0, count: rows), entropy = logP
        var dLogP = [Float](repeating: 0, count: logits.count), dEntropy = dLogP
        var logSoftmax = [Float](repeating: 0, count: n)
        for row in 0..<rows {
            let base = row * n
            var top = -Float.infinity
            for j in 0..<n { top = max(top, logits[base + j]) }
            var sum: Float = 0
            for j in 0..<n { sum += expf(logits[base + j] - top) }
            let logSum = logf(sum) + top
            var h: Float = 0
            for j in 0..<n {
                logSoftmax[j] = logits[base + j] - logSum
                h -= expf(logSoftmax[j]) * logSoftmax[j]
            }
            logP[row] = logSoftmax[actions[row]]
            entropy[row] = h
            for j in 0..<n {
                let p = expf(logSoftmax[j])
                dLogP[base + j] = (j == actions[row] ? 1 : 0) - p
                dEntropy[base + j] = -p * (logSoftmax[j] + h)
            }
        }
        return (logP, entropy, dLogP, dEntropy)
    }

    /// log p(a) and entropy under N(mean, exp(logStd)²) per dimension, summed over dimensions; and
    /// d log p / d mean (rows × size) and d log p / d log σ (rows × size). d H / d log σ is 1.
    static func gaussian(_ means: [Float], logStd: [Float], actions: [Float], rows: Int) -> (logProbabilities: [Float], entropies: [Float], dMean: [Float], dLogStd: [Float]) {
        let size = logStd.count
        var logP = [Float](repeating: 0, count: rows), entropy = logP
        var dMean = [Float](repeating: 0, count: means.count), dLogStd = dMean
        var rowEntropy: Float = 0
        for d in 0..<size { rowEntropy += 0.5 + halfLogTwoPi + logStd[d] }
        for row in 0..<rows {
            var total: Float = 0
            for d in 0..<size {
                let i = row * size + d
                let variance = expf(2 * logStd[d])
                let diff = actions[i] - means[i]
                total += -diff * diff / (2 * variance) - logStd[d] - halfLogTwoPi
                dMean[i] = diff / variance
                dLogStd[i] = diff * diff / variance - 1
            }
            logP[row] = total
            entropy[row] = rowEntropy
        }
        return (logP, entropy, dMean, dLogStd)
    }
}
