/// How well predictions track labels: regression error, classification accuracy and macro F1,
/// the information coefficient (Spearman rank correlation of the signal with the label) and the
/// hit rate (share of nonzero labels whose sign the signal called).
public struct ModelMetrics: Sendable, Hashable, Codable {
    public var samples: Int
    public var mse: Double?
    public var accuracy: Double?
    public var f1: Double?
    public var informationCoefficient: Double
    public var hitRate: Double

    enum CodingKeys: String, CodingKey {
        case samples, mse, accuracy, f1, informationCoefficient = "ic", hitRate = "hit_rate"
    }

    /// Regression: `predictions` are forecasts of `labels`.
    public init(predictions: [Double], labels: [Double]) {
        samples = labels.count
        mse = zip(predictions, labels).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(max(labels.count, 1))
        informationCoefficient = Self.rankCorrelation(predictions, labels)
        hitRate = Self.hitRate(predictions, labels)
    }

    /// Classification over down/flat/up: `probabilities` rows per sample, `labels` classes 0…2,
    /// `returns` the forward returns (for IC and hit rate, the signal is p(up) − p(down)).
    public init(probabilities: [[Double]], labels: [Int], returns: [Double]) {
        samples = labels.count
        let predicted = probabilities.map { row in row.indices.max { row[$0] < row[$1] } ?? 0 }
        accuracy = Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(max(labels.count, 1))
        let classes = (probabilities.first?.count ?? 0)
        var scores: [Double] = []
        for c in 0..<classes {
            let tp = Double(zip(predicted, labels).filter { $0 == c && $1 == c }.count)
            let fp = Double(zip(predicted, labels).filter { $0 == c && $1 != c }.count)
            let fn = Double(zip(predicted, labels).filter { $0 != c && $1 == c }.count)
            scores.append(tp == 0 ? 0 : 2 * tp / (2 * tp + fp + fn))
        }
        f1 = scores.isEmpty ? 0 : scores.reduce(0, +) / Double(scores.count)
        let signal = probabilities.map { ($0.last ?? 0) - ($0.first ?? 0) }
        informationCoefficient = Self.rankCorrelation(signal, returns)
        hitRate = Self.hitRate(signal, returns)
    }

    static func hitRate(_ signal: [Double], _ outcome: [Double]) -> Double {
        let called = zip(signal, outcome).filter { $0.1 != 0 && $0.0 != 0 }
        guard !called.isEmpty else { return 0 }
        return Double(called.filter { ($0.0 > 0) == ($0.1 > 0) }.count) / Double(called.count)
    }

    /// Spearman's ρ: Pearson correlation of the ranks (ties share their mean rank).
    public static func rankCorrelation(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count, a.count > 2 else { return 0 }
        return pearson(ranks(a), ranks(b))
    }

    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, values[order[j + 1]] == values[order[i]] { j += 1 }
            for k in i...j { ranks[order[k]] = Double(i + j) / 2 }
            i = j + 1
        }
        return ranks
    }

    static func pearson(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var covariance = 0.0, va = 0.0, vb = 0.0
        for (x, y) in zip(a, b) {
            covariance += (x - ma) * (y - mb)
            va += (x - ma) * (x - ma)
            vb += (y - mb) * (y - mb)
        }
        return va > 0 && vb > 0 ? covariance / (va * vb).squareRoot() : 0
    }
}
