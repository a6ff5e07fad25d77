import Foundation

/// Population stability of live values against the training window: deciles of the training
/// values fix ten bins, and PSI = Σ (live − expected) · ln(live / expected) over the bins (shares
/// floored at 1e-4). Common reading: < 0.1 stable, 0.1–0.2 moving, > 0.2 drifted (the alert).
public struct DriftBaseline: Sendable, Hashable, Codable {
    /// Inner bin edges (nine for ten bins) and each bin's share in training.
    public var edges: [Double]
    public var expected: [Double]

    public init(training values: [Double], bins: Int = 10) {
        let sorted = values.sorted()
        var edges: [Double] = []
        for k in 1..<bins {
            let edge = Normalizer.quantile(sorted, Double(k) / Double(bins))
            if edges.last.map({ edge > $0 }) ?? true { edges.append(edge) }
        }
        self.edges = edges
        expected = Self.shares(sorted, edges)
    }

    static func shares(_ values: [Double], _ edges: [Double]) -> [Double] {
        var counts = [Double](repeating: 0, count: edges.count + 1)
        for value in values {
            var bin = 0
            while bin < edges.count, value > edges[bin] { bin += 1 }
            counts[bin] += 1
        }
        let total = max(Double(values.count), 1)
        return counts.map { $0 / total }
    }

    /// The population stability index of `live` values.
    public func stability(_ live: [Double]) -> Double {
        let actual = Self.shares(live, edges)
        return zip(actual, expected).reduce(0) { sum, pair in
            let a = max(pair.0, 1e-4), e = max(pair.1, 1e-4)
            return sum + (a - e) * log(a / e)
        }
    }
}

/// The baselines of one model version: each feature's and the prediction's.
public struct DriftBaselines: Sendable, Hashable, Codable {
    public var features: [String: DriftBaseline]
    public var prediction: DriftBaseline
    /// PSI above which a drift alert is raised.
    public var threshold: Double

    public init(features: [String: DriftBaseline], prediction: DriftBaseline, threshold: Double = 0.2) {
        self.features = features
        self.prediction = prediction
        self.threshold = threshold
    }

    /// PSI per feature (and `prediction`) for live values, and which passed the threshold.
    public func report(features live: [String: [Double]], predictions: [Double]) -> (stability: [String: Double], alerts: [String]) {
        var stability: [String: Double] = [:]
        for (name, baseline) in features { if let values = live[name], !values.isEmpty { stability[name] = baseline.stability(values) } }
        if !predictions.isEmpty { stability["prediction"] = prediction.stability(predictions) }
        return (stability, stability.filter { $0.value > threshold }.keys.sorted())
    }
}
