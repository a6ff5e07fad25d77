import Foundation

/// Risk budgeting (equal risk contribution when the budgets are equal): weights whose shares of
/// portfolio variance `wᵢ (Σw)ᵢ / wᵀΣw` equal the budgets. Solved as Spinu's strictly convex
/// problem `min ½ xᵀΣx − Σ bᵢ ln xᵢ` by Newton's method, then normalised (long-only, fully invested).
public enum RiskParity {
    public static func weights(covariance: Matrix, budgets: [Double]? = nil) throws(PortfolioError) -> [Double] {
        let n = covariance.rows
        let budget = budgets ?? Array(repeating: 1 / Double(n), count: n)
        guard budget.count == n, budget.allSatisfy({ $0 > 0 }) else {
            throw .invalidInput("risk budgets must be \(n) positive numbers")
        }
        let total = budget.reduce(0, +)
        let b = budget.map { $0 / total }
        // Start from inverse volatility scaled onto the solution's scale.
        var x = covariance.diagonal.map { 1 / $0.squareRoot() }
        let scale = (1 / covariance.quadraticForm(x)).squareRoot()
        x = x.map { $0 * scale }
        func objective(_ x: [Double]) -> Double {
            0.5 * covariance.quadraticForm(x) - zip(b, x).reduce(0) { $0 + $1.0 * log($1.1) }
        }
        for _ in 0..<100 {
            let sigmaX = covariance * x
            let gradient = (0..<n).map { sigmaX[$0] - b[$0] / x[$0] }
            var hessian = covariance
            for i in 0..<n { hessian[i, i] += b[i] / (x[i] * x[i]) }
            guard let step = hessian.solvePositiveDefinite(gradient) else {
                throw .unsolvable("the covariance matrix is not positive definite")
            }
            let decrement = dot(gradient, step)
            if decrement < 1e-24 { break }
            var length = 1.0
            // Stay inside x > 0, then backtrack until the objective falls enough (Armijo).
            for i in 0..<n where step[i] > 0 { length = min(length, 0.99 * x[i] / step[i]) }
            let current = objective(x)
            while true {
                let trial = (0..<n).map { x[$0] - length * step[$0] }
                if objective(trial) <= current - 0.25 * length * decrement || length < 1e-16 {
                    x = trial
                    break
                }
                length *= 0.5
            }
        }
        let sum = x.reduce(0, +)
        return x.map { $0 / sum }
    }

    /// Each asset's share of the portfolio's variance (they sum to 1).
    public static func riskContributions(weights: [Double], covariance: Matrix) -> [Double] {
        let marginal = covariance * weights
        let variance = dot(weights, marginal)
        return (0..<weights.count).map { weights[$0] * marginal[$0] / variance }
    }
}
