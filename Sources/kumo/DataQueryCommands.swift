import ArgumentParser
import Foundation
import KumoCore
import KumoData

struct DataList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the stored series.")

    @OptionGroup var store: StoreOptions

    func run() throws {
        let database = try store.open()
        let series: [MarketDataStore.SeriesSummary]
        do throws(MarketDataStore.Failure) { series = try database.series() } catch { throw ValidationError(error.description) }
        if series.isEmpty { print("no data in \(database.location); import some with kumo data import FILE") }
        for item in series {
            print("\(item.symbol)\t\(item.timeframe)\t\(item.count) bars\t\(item.first.isoDate(utcOffsetSeconds: 9 * 3600)) … \(item.last.isoDate(utcOffsetSeconds: 9 * 3600))")
        }
    }
}

struct DataShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a symbol's stored bars as CSV or JSON lines.")

    @OptionGroup var arguments: BarQueryArguments

    func run() throws { try arguments.printBars() }
}

struct DataExport: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export a symbol's bars to standard output (csv or jsonl).")

    @OptionGroup var arguments: BarQueryArguments

    func run() throws { try arguments.printBars() }
}

struct BarQueryArguments: ParsableArguments {
    @Argument var symbol: String
    @Option var timeframe = "1d"
    @Option(help: "First date (YYYY-MM-DD).") var from: String?
    @Option(help: "Last date, exclusive (YYYY-MM-DD).") var to: String?
    @Option(help: "csv or jsonl.") var format = "csv"
    @OptionGroup var store: StoreOptions

    func printBars() throws {
        guard ["csv", "jsonl"].contains(format) else { throw ValidationError("--format must be csv or jsonl, not '\(format)'") }
        let database = try store.open()
        let offset = 9 * 3600
        let code = try DataArguments.symbol(symbol)
        let frame = try DataArguments.timeframe(timeframe)
        var count = 0
        try database.replay(
            symbols: [code], timeframe: frame, from: try DataArguments.date(from, offset: offset), to: try DataArguments.date(to, offset: offset)
        ) { item in
            let bar = item.bar
            if count == 0, format == "csv" { print("date,open,high,low,close,volume") }
            count += 1
            let date = frame.isIntraday ? bar.time.iso8601(utcOffsetSeconds: offset) : bar.time.isoDate(utcOffsetSeconds: offset)
            if format == "csv" {
                print("\(date),\(bar.open),\(bar.high),\(bar.low),\(bar.close),\(bar.volume)")
            } else {
                print("{\"date\":\"\(date)\",\"open\":\(bar.open),\"high\":\(bar.high),\"low\":\(bar.low),\"close\":\(bar.close),\"volume\":\(bar.volume)}")
            }
        }
        if count == 0 { throw ValidationError("no \(frame) bars of \(code) in \(database.location)") }
    }
}
