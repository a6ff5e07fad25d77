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
        let tree = HierarchicalClustering(distances: HierarchicalClustering.correlationDistances(correlation))
        let order = tree.leafOrder
        sections.append(("Clusters (single linkage on √((1 − ρ)/2))", Self.dendrogram(tree, names: names)))
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

    /// The clustering tree: leaves along the bottom in tree order, each merge drawn at its distance.
    static func dendrogram(_ tree: HierarchicalClustering, names: [String]) -> String {
        let order = tree.leafOrder
        guard order.count > 1, let top = tree.merges.map(\.distance).max(), top > 0 else { return "" }
        let width = 760.0, height = 240.0, left = 40.0, right = 740.0, base = 200.0, ceiling = 16.0
        var x: [Int: Double] = [:]
        for (position, leaf) in order.enumerated() { x[leaf] = left + (right - left) * (Double(position) + 0.5) / Double(order.count) }
        var y: [Int: Double] = Dictionary(uniqueKeysWithValues: order.map { ($0, base) })
        var body = ""
        for (step, merge) in tree.merges.enumerated() {
            let node = tree.leafCount + step
            let level = base - (base - ceiling) * merge.distance / top
            let (a, b) = (x[merge.left]!, x[merge.right]!)
            body += String(format: "<polyline fill=\"none\" stroke=\"#4a7fc1\" points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\"/>", a, y[merge.left]!, a, level, b, level, b, y[merge.right]!)
            x[node] = (a + b) / 2
            y[node] = level
        }
        for leaf in order {
            body += String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%@</text>", x[leaf]!, base + 16, SVGChart.escape(names[leaf]))
        }
        body += String(format: "<text x=\"4\" y=\"%.1f\">%.3f</text><text x=\"4\" y=\"%.1f\">0</text>", ceiling + 4, top, base)
        return "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\" font-size=\"11\">\(body)</svg>"
    }
}
