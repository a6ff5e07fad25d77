/// López de Prado's hierarchical risk parity ("Building diversified portfolios that outperform
/// out of sample", 2016), as PyPortfolioOpt's `HRPOpt` computes it: cluster on the distance
/// `√((1 − ρ) / 2)`, order the assets by the tree, then split the ordered list in halves
/// recursively, giving each half weight in inverse proportion to its inverse-variance variance.
public enum HierarchicalRiskParity {
    /// Weights in the assets' own order (they sum to 1).
    public static func weights(covariance: Matrix, correlation: Matrix, linkage: HierarchicalClustering.Linkage = .single) -> [Double] {
        let n = covariance.rows
        let order = HierarchicalClustering(distances: HierarchicalClustering.correlationDistances(correlation), linkage: linkage).leafOrder
        var weights = [Double](repeating: 1, count: n)
        var clusters = [order]
        while !clusters.isEmpty {
            clusters = clusters.flatMap { cluster -> [[Int]] in
                guard cluster.count > 1 else { return [] }
                let half = cluster.count / 2
                return [Array(cluster[..<half]), Array(cluster[half...])]
            }
            for index in stride(from: 0, to: clusters.count, by: 2) {
                let first = clusterVariance(covariance, clusters[index])
                let second = clusterVariance(covariance, clusters[index + 1])
                let alpha = 1 - first / (first + second)
                for asset in clusters[index] { weights[asset] *= alpha }
                for asset in clusters[index + 1] { weights[asset] *= 1 - alpha }
            }
        }
        return weights
    }

    /// The variance of the inverse-variance portfolio of `members`.
    static func clusterVariance(_ covariance: Matrix, _ members: [Int]) -> Double {
        let slice = covariance.submatrix(members)
        var weights = slice.diagonal.map { 1 / $0 }
        let total = weights.reduce(0, +)
        weights = weights.map { $0 / total }
        return slice.quadraticForm(weights)
    }
}
