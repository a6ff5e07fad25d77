/// Ledoit and Wolf's shrinkage of the sample covariance toward a scaled identity ("A
/// well-conditioned estimator for large-dimensional covariance matrices", 2004), computed as
/// scikit-learn's `ledoit_wolf` does: the shrinkage intensity from the data, then
/// `(1 − δ) S + δ μ I` with `μ = trace(S) / p`.
public struct LedoitWolf: Sendable {
    /// The shrunk covariance, times the frequency it was asked for.
    public let covariance: Matrix
    /// The shrinkage intensity δ in 0…1.
    public let shrinkage: Double

    /// Estimates from `series` (centred on its means; the empirical covariance divides by n).
    public init(_ series: ReturnSeries, frequency: Double = 1) {
        let x = series.centered
        let n = Double(series.periods)
        let p = series.assets
        var empirical = Matrix(rows: p, columns: p)
        var squaresCross = Matrix(rows: p, columns: p)
        for row in x {
            for i in 0..<p {
                let xi = row[i]
                for j in i..<p {
                    empirical[i, j] += xi * row[j]
                    squaresCross[i, j] += xi * xi * row[j] * row[j]
                }
            }
        }
        var delta = 0.0
        var beta = 0.0
        for i in 0..<p {
            for j in i..<p {
                let weight = i == j ? 1.0 : 2.0
                delta += weight * empirical[i, j] * empirical[i, j]
                beta += weight * squaresCross[i, j]
                empirical[i, j] /= n
                empirical[j, i] = empirical[i, j]
            }
        }
        let traces = empirical.diagonal
        let mu = traces.reduce(0, +) / Double(p)
        delta /= n * n
        var b = 1 / (Double(p) * n) * (beta / n - delta)
        var d = delta - 2 * mu * traces.reduce(0, +) + Double(p) * mu * mu
        d /= Double(p)
        b = min(b, d)
        let intensity = b == 0 ? 0 : b / d
        var shrunk = (1 - intensity) * empirical
        for i in 0..<p { shrunk[i, i] += intensity * mu }
        shrinkage = intensity
        covariance = frequency * shrunk
    }
}
