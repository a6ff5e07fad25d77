import Foundation
import KumoCore
public import KumoPortfolio

/// The HTML page of `kumo portfolio`: the weights and their risk, the efficient frontier with the
/// chosen portfolio on it, the correlation matrix ordered by its clusters, and a rebalancing run.
public struct PortfolioReport: Sendable {
    public var title: String
    public var settings: [(String, String)]
    public var names: [String]
    public var weights: [Double]
    public var expected: [Double]
    public var covariance: Matrix
    public var shares: [Int]?
    public var rebalance: RebalanceSimulation.Outcome?

    public init(
        title: String, settings: [(String, String)], names: [String], weights: [Double], expected: [Double], covariance: Matrix, shares: [Int]? = nil,
        rebalance: RebalanceSimulation.Outcome? = nil
    ) {
        self.title = title
        self.settings = settings
        self.names = names
        self.weights = weights
        self.expected = expected
        self.covariance = covariance
        self.shares = shares
        self.rebalance = rebalance
    }

    /// Points of the long-only efficient frontier from the least-volatile portfolio to the
    /// highest-return one (volatility, return).
    public static func frontier(names: [String], expected: [Double], covariance: Matrix, points: Int = 30) -> [(x: Double, y: Double)] {
        guard let optimizer = try? MeanVarianceOptimizer(names: names, expectedReturns: expected, covariance: covariance),
            let least = try? optimizer.minVolatility()
        else { return [] }
        let low = dot(least, expected)
        let high = expected.max() ?? low
        return (0..<points).compactMap { step in
            let target = low + (high - low) * Double(step) / Double(points - 1)
            guard let weights = try? optimizer.efficientReturn(target: target) else { return nil }
            return (optimizer.volatility(weights), dot(weights, expected))
        }
    }

    public func html() -> String {
        let contributions = RiskParity.riskContributions(weights: weights, covariance: covariance)
        let rows = names.indices.map { index in
            [names[index], String(format: "%.2f%%", weights[index] * 100), String(format: "%.2f%%", contributions[index] * 100),
             String(format: "%.2f%%", expected[index] * 100), String(format: "%.2f%%", covariance[index, index].squareRoot() * 100)]
                + (shares.map { ["\($0[index])"] } ?? [])
        }
        let volatility = covariance.quadraticForm(weights).squareRoot()
        let portfolioReturn = dot(weights, expected)
        var sections: [(String, String)] = [
            ("Settings", SVGChart.table(["", ""], settings.map { [$0.0, $0.1] })),
            ("Weights", SVGChart.table(["symbol", "weight", "risk share", "expected return", "volatility"] + (shares == nil ? [] : ["shares"]), rows)),
            ("Weights", SVGChart.bars(zip(names, weights).map { ($0, $1) })),
        ]
        let marks = [("portfolio", volatility, portfolioReturn)] + names.indices.map { (names[$0], covariance[$0, $0].squareRoot(), expected[$0]) }
        sections.append((
            "Efficient frontier (long only) and the portfolio",
            SVGChart.curve(Self.frontier(names: names, expected: expected, covariance: covariance), marks: marks, xTitle: "volatility", yTitle: "expected return")
        ))
        let correlation = ReturnSeries.correlation(of: covariance)
        var distances = Matrix(rows: names.count, columns: names.count)
        for i in names.indices { for j in names.indices where i != j { distances[i, j] = max((1 - correlation[i, j]) / 2, 0).squareRoot() } }
        let order = HierarchicalClustering(distances: distances).leafOrder
        sections.append((
            "Correlation, ordered by single-linkage clusters",
            SVGChart.heatmap(
                rows: order.map { names[$0] }, columns: order.map { names[$0] }, values: order.map { i in order.map { j in correlation[i, j] } },
                rowTitle: "symbol", columnTitle: "symbol")
        ))
        if let rebalance, let first = rebalance.times.first, let last = rebalance.times.last {
            let stats = [
                ["rebalances", "\(rebalance.rebalances.count)"], ["final equity", String(format: "%.0f", rebalance.equity.last ?? 0)],
                ["turnover", String(format: "%.2f×", rebalance.turnover)], ["commission", String(format: "%.0f", rebalance.commission)],
                ["tax", String(format: "%.0f", rebalance.tax)],
            ]
            sections.append(("Rebalanced", SVGChart.table(["", ""], stats)
                + SVGChart.lines([(rebalance.equity, "#4a7fc1")], xLabels: (first.isoDate(utcOffsetSeconds: 32_400), last.isoDate(utcOffsetSeconds: 32_400)))))
        }
        return SVGChart.page(title: title, sections: sections)
    }
}
