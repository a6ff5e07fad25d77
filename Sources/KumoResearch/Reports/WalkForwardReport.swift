import Foundation
import KumoCore

/// The HTML page of a walk-forward run: the windows and what each chose, the stitched
/// out-of-sample equity, the efficiency and how steady each parameter's choice was.
public struct WalkForwardReport: Sendable {
    public var title: String
    public var settings: [(String, String)]
    public var result: WalkForwardResult
    public var cash: Double

    public init(title: String, settings: [(String, String)], result: WalkForwardResult, cash: Double) {
        self.title = title
        self.settings = settings
        self.result = result
        self.cash = cash
    }

    public func html() -> String {
        let objective = result.objective.rawValue
        let rows = result.windows.map { window -> [String] in
            [
                window.trainFrom.isoDate(utcOffsetSeconds: 32_400), window.testFrom.isoDate(utcOffsetSeconds: 32_400),
                window.times.last?.isoDate(utcOffsetSeconds: 32_400) ?? "", window.best?.parameters.description ?? (window.failure ?? "none"),
                String(format: "%.3f", window.best?.value ?? .nan), String(format: "%.3f", window.outOfSample["objective"] ?? .nan),
                String(format: "%.2f%%", (window.outOfSample["total_return"] ?? .nan) * 100),
            ]
        }
        let stitched = result.stitchedEquity(cash: cash)
        let times = result.stitchedTimes
        let outOfSample = result.outOfSample
        var summary = [
            ("out-of-sample \(objective)", String(format: "%.4f", outOfSample["objective"] ?? .nan)),
            ("out-of-sample total return", String(format: "%.2f%%", (outOfSample["total_return"] ?? .nan) * 100)),
            ("out-of-sample max drawdown", String(format: "%.2f%%", (outOfSample["max_drawdown"] ?? .nan) * 100)),
            ("walk-forward efficiency", result.efficiency.map { String(format: "%.3f", $0) } ?? "n/a"),
        ]
        summary.insert(contentsOf: settings, at: 0)
        let stability = result.stability.map { item in
            [item.name, item.chosen.joined(separator: " "), "\(item.distinct)", String(format: "%.0f%%", item.modeShare * 100), item.variation.map { String(format: "%.3f", $0) } ?? ""]
        }
        return SVGChart.page(title: title, sections: [
            ("Summary", SVGChart.table(["", ""], summary.map { [$0.0, $0.1] })),
            (
                "Stitched out-of-sample equity",
                SVGChart.lines([(stitched, "#4a7fc1")], xLabels: (times.first?.isoDate(utcOffsetSeconds: 32_400) ?? "", times.last?.isoDate(utcOffsetSeconds: 32_400) ?? ""))
            ),
            ("Windows", SVGChart.table(["train from", "test from", "test to", "chosen", "in-sample \(objective)", "out-of-sample \(objective)", "out-of-sample return"], rows)),
            ("Parameter stability", SVGChart.table(["parameter", "chosen per window", "distinct", "most frequent", "coefficient of variation"], stability)),
        ])
    }
}
