import Foundation

/// The HTML page of `kumo stress`: the holdings and the table of scenarios.
public enum StressReport {
    /// The table's rows as text, shared by the page and the terminal.
    public static func rows(_ rows: [StressTest.Row]) -> [[String]] {
        rows.map { row in
            [
                row.scenario, row.loss.isNaN ? "n/a" : String(format: "%.0f", row.loss), row.lossFraction.isNaN ? "n/a" : String(format: "%.2f%%", row.lossFraction * 100),
                row.worstDay.isNaN ? "n/a" : String(format: "%.2f%%", row.worstDay * 100), row.daysToRecover.map(String.init) ?? "not recovered",
                row.note ?? "",
            ]
        }
    }

    public static let header = ["scenario", "loss", "loss %", "worst day", "days to recover", "note"]

    public static func html(title: String, holdings: [[String]], rows: [StressTest.Row]) -> String {
        let chartable = rows.filter { !$0.lossFraction.isNaN }.map { ($0.scenario, $0.lossFraction * 100) }
        return SVGChart.page(title: title, sections: [
            ("Holdings", SVGChart.table(["symbol", "shares", "price", "value"], holdings)),
            ("Scenarios", SVGChart.table(header, Self.rows(rows))),
            ("Loss by scenario (% of value)", SVGChart.bars(chartable, color: "#d9534f")),
        ])
    }
}
