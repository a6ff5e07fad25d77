import Foundation

/// The HTML page of `kumo montecarlo`: per method, percentiles of final equity and drawdown and a
/// fan chart of the equity paths (5–95% in light lines, the median in bold).
public struct MonteCarloReport: Sendable {
    public var title: String
    public var settings: [(String, String)]
    public var outcomes: [MonteCarlo.Outcome]

    public init(title: String, settings: [(String, String)], outcomes: [MonteCarlo.Outcome]) {
        self.title = title
        self.settings = settings
        self.outcomes = outcomes
    }

    /// Percentile rows of one outcome, shared by the page and the terminal.
    public static func rows(_ outcome: MonteCarlo.Outcome) -> [[String]] {
        [5.0, 25, 50, 75, 95].map { p in
            [String(format: "%.0f%%", p), String(format: "%.0f", MonteCarlo.Outcome.percentile(outcome.finalEquity, p)),
             String(format: "%.2f%%", MonteCarlo.Outcome.percentile(outcome.maxDrawdown, p) * 100)]
        }
    }

    public func html() -> String {
        var sections = [("Settings", SVGChart.table(["", ""], settings.map { [$0.0, $0.1] }))]
        for outcome in outcomes {
            let table = SVGChart.table(["percentile", "final equity", "max drawdown"], Self.rows(outcome))
                + String(format: "<p>Probability of ending below the starting cash: %.1f%%. The backtest itself ended at %.0f with a %.2f%% drawdown.</p>",
                         outcome.probabilityOfLoss * 100, outcome.actualFinal, outcome.actualDrawdown * 100)
            let colors = ["#c6dbef", "#6baed6", "#08519c", "#6baed6", "#c6dbef"]
            let fan = SVGChart.lines(zip(outcome.bands, colors).map { ($0, $1) }, xLabels: ("start", "end"))
            sections.append(("\(outcome.method.rawValue): \(outcome.finalEquity.count) paths", table + fan))
        }
        return SVGChart.page(title: title, sections: sections)
    }
}
