import ArgumentParser
import Foundation
import KumoCore
import KumoData
import KumoIndicators

/// `kumo indicators FILE.csv --ind sma:20 --ind rsi:14 … [--csv | --json]`: one row per bar with
/// every requested output, for a spreadsheet or pandas.
struct IndicatorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators",
        abstract: "Compute indicators over a bar file and print one row per bar.",
        discussion: "Indicators: \(IndicatorCatalog.names.joined(separator: ", ")). Example: --ind macd:12,26,9 --ind ichimoku:9,26,52")

    @OptionGroup var source: BarSourceArguments

    @Option(name: .customLong("ind"), help: "An indicator spec such as sma:20; repeat for more.")
    var specs: [String] = []

    @Flag(help: "Print JSON lines instead of CSV.")
    var json = false

    @Flag(help: "Print CSV (the default).")
    var csv = false

    func run() throws {
        guard !(json && csv) else { throw ValidationError("choose --csv or --json, not both") }
        guard !specs.isEmpty else { throw ValidationError("name at least one indicator with --ind, such as --ind sma:20") }
        let parsed = try specs.map { text -> IndicatorSpec in
            do throws(IndicatorSpec.ParseError) { return try IndicatorSpec(parsing: text) } catch { throw ValidationError("--ind \(text): \(error.description)") }
        }
        let (bars, labels, _, intraday, _) = try source.load()
        let table: IndicatorTable
        do throws(IndicatorTable.BuildError) {
            table = try IndicatorTable(labels: labels, bars: bars.map(IndicatorBar.init), specs: parsed, labelHeader: intraday ? "time" : "date")
        } catch {
            throw ValidationError(error.description)
        }
        print(json ? table.jsonLines() : table.csv(), terminator: "")
    }
}

/// Parses `+09:00`, `-05:00`, `Z`.
enum UTCOffset {
    static func parse(_ text: String) throws -> Int {
        if text == "Z" || text == "UTC" { return 0 }
        let parts = text.dropFirst().split(separator: ":")
        guard let sign = text.first, sign == "+" || sign == "-", parts.count == 2, let hours = Int(parts[0]),
            let minutes = Int(parts[1]), (0...14).contains(hours), (0..<60).contains(minutes)
        else { throw ValidationError("--tz '\(text)' is not an offset such as +09:00") }
        return (sign == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
    }
}
