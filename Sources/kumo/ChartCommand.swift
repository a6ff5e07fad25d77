import ArgumentParser
import Foundation
import KumoCore
import KumoData
import KumoIndicators

/// `kumo chart FILE.csv [--from --to] [--ichimoku] [--output chart.svg]`: an SVG with candles, the
/// cloud, swing points, projected turning bars and price targets.
struct ChartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chart", abstract: "Draw candles with the Ichimoku cloud, swings, turning bars and targets as SVG.")

    @OptionGroup var source: BarSourceArguments

    @Option(help: "First date to draw (YYYY-MM-DD); indicators still warm up on earlier bars.")
    var from: String?

    @Option(help: "Last date to draw (YYYY-MM-DD).")
    var to: String?

    @Flag(help: "Draw the Ichimoku cloud and lines.")
    var ichimoku = false

    @Option(help: "Zigzag threshold for swings, as a fraction (0.1 = 10%).")
    var swing = 0.1

    @Option(help: "Where to write the SVG.")
    var output = "chart.svg"

    func run() throws {
        let (bars, labels, title, _, _) = try source.load()
        let first = from.map { start in labels.firstIndex { $0 >= start } ?? labels.count } ?? 0
        let last = to.map { end in (labels.lastIndex { $0 <= end } ?? -1) } ?? labels.count - 1
        guard first <= last else { throw ValidationError("no bars between \(from ?? "the start") and \(to ?? "the end")") }
        guard (0.01...0.9).contains(swing) else { throw ValidationError("--swing must be between 0.01 and 0.9, not \(swing)") }
        // Bars after --to are never read: the swings and projections see only what a trader saw then.
        var chart = IchimokuChart(
            title: title,
            labels: Array(labels[0...last]), bars: bars[0...last].map(IndicatorBar.init))
        chart.visibleFrom = first
        chart.showsIchimoku = ichimoku
        chart.swingThreshold = swing
        try chart.svg().write(toFile: output, atomically: true, encoding: .utf8)
        print("wrote \(output): \(last - first + 1) bars")
    }
}
