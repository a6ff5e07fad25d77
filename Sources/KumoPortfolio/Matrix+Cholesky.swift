/// Cholesky factorisation and the solves built on it: how a positive definite covariance is
/// inverted without forming its inverse.
extension Matrix {
    /// The lower triangular `L` with `L Lᵀ = self`, or nil when the matrix is not positive definite.
    public func choleskyFactor() -> Matrix? {
        precondition(rows == columns, "Cholesky needs a square matrix")
        var lower = Matrix(rows: rows, columns: rows)
        for j in 0..<rows {
            var pivot = self[j, j]
            for k in 0..<j { pivot -= lower[j, k] * lower[j, k] }
            guard pivot > 0, pivot.isFinite else { return nil }
            let root = pivot.squareRoot()
            lower[j, j] = root
            for i in (j + 1)..<max(j + 1, rows) {
                var sum = self[i, j]
                for k in 0..<j { sum -= lower[i, k] * lower[j, k] }
                lower[i, j] = sum / root
            }
        }
        return lower
    }

    /// Solves `L y = b` for this lower triangular `L`.
    public func forwardSubstitution(_ b: [Double]) -> [Double] {
        var y = b
        for i in 0..<rows {
            var sum = y[i]
            for k in 0..<i { sum -= self[i, k] * y[k] }
            y[i] = sum / self[i, i]
        }
        return y
    }

    /// Solves `Lᵀ x = y` for this lower triangular `L`.
    public func backSubstitutionTransposed(_ y: [Double]) -> [Double] {
        var x = y
        for i in stride(from: rows - 1, through: 0, by: -1) {
            var sum = x[i]
            for k in (i + 1)..<max(i + 1, rows) { sum -= self[k, i] * x[k] }
            x[i] = sum / self[i, i]
        }
        return x
    }

    /// `A⁻¹ b` for a positive definite `A`, or nil when it is not positive definite.
    public func solvePositiveDefinite(_ b: [Double]) -> [Double]? {
        guard let lower = choleskyFactor() else { return nil }
        return lower.backSubstitutionTransposed(lower.forwardSubstitution(b))
    }
}
