import Foundation

/// Aligned periodic returns of several assets (rows are periods, columns assets), the input of
/// every estimator here. Built from closing prices the way pandas' `pct_change` does.
public struct ReturnSeries: Sendable {
    public let names: [String]
    /// `returns[t][i]`: the return of asset i over period t.
    public let returns: [[Double]]

    public init(names: [String], returns: [[Double]]) throws(PortfolioError) {
        guard !names.isEmpty else { throw .invalidInput("no assets") }
        guard returns.count >= 2 else { throw .invalidInput("at least two periods of returns are needed, got \(returns.count)") }
        for (t, row) in returns.enumerated() {
            guard row.count == names.count else {
                throw .invalidInput("period \(t + 1) has \(row.count) returns for \(names.count) assets")
            }
            if let bad = row.indices.first(where: { !row[$0].isFinite }) {
                throw .invalidInput("period \(t + 1): the return of \(names[bad]) is not a number")
            }
        }
        self.names = names
        self.returns = returns
    }

    /// Simple returns `p[t] / p[t−1] − 1` from aligned prices (`prices[t][i]`, all positive).
    public init(names: [String], prices: [[Double]]) throws(PortfolioError) {
        for (t, row) in prices.enumerated() {
            if let bad = row.indices.first(where: { !(row[$0] > 0) || !row[$0].isFinite }) {
                throw .invalidInput("period \(t + 1): the price of \(bad < names.count ? names[bad] : "asset \(bad + 1)") is not a positive number")
            }
        }
        let returns = zip(prices, prices.dropFirst()).map { previous, current in
            zip(previous, current).map { $1 / $0 - 1 }
        }
        try self.init(names: names, returns: returns)
    }

    public var periods: Int { returns.count }
    public var assets: Int { names.count }

    /// Arithmetic mean return per period.
    public var means: [Double] {
        (0..<assets).map { asset in returns.reduce(0) { $0 + $1[asset] } / Double(periods) }
    }

    /// Compound annual growth per asset: `Π(1 + r)^(frequency / periods) − 1`
    /// (PyPortfolioOpt's `mean_historical_return`).
    public func compoundedAnnualReturns(frequency: Double = 252) -> [Double] {
        (0..<assets).map { asset in
            let growth = returns.reduce(1.0) { $0 * (1 + $1[asset]) }
            return pow(growth, frequency / Double(periods)) - 1
        }
    }

    /// Arithmetic mean times `frequency`.
    public func meanAnnualReturns(frequency: Double = 252) -> [Double] { means.map { $0 * frequency } }

    /// The returns less their column means.
    var centered: [[Double]] {
        let mean = means
        return returns.map { row in zip(row, mean).map { $0 - $1 } }
    }

    /// The sample covariance (divisor `periods − 1`) times `frequency`.
    public func sampleCovariance(frequency: Double = 252) -> Matrix {
        let x = centered
        var covariance = Matrix(rows: assets, columns: assets)
        for i in 0..<assets {
            for j in i..<assets {
                var sum = 0.0
                for row in x { sum += row[i] * row[j] }
                let value = sum / Double(periods - 1) * frequency
                covariance[i, j] = value
                covariance[j, i] = value
            }
        }
        return covariance
    }

    /// Pearson correlations.
    public var correlation: Matrix { Self.correlation(of: sampleCovariance(frequency: 1)) }

    /// The correlation matrix of a covariance matrix.
    public static func correlation(of covariance: Matrix) -> Matrix {
        let deviations = covariance.diagonal.map { $0.squareRoot() }
        var result = covariance
        for i in 0..<covariance.rows {
            for j in 0..<covariance.columns { result[i, j] = covariance[i, j] / (deviations[i] * deviations[j]) }
        }
        return result
    }
}
