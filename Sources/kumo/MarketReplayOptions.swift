import ArgumentParser
import Foundation
import KumoCore
import KumoData
import KumoEngine

/// The bars and the simulated account every replay command shares (`backtest`, `optimize`,
/// `walkforward`, `montecarlo`): where the bars come from, the dates, the cash and the costs.
struct MarketReplayOptions: ParsableArguments {
    @Option(name: .customLong("data"), help: "A bar file or a stored symbol; repeat for several.") var data: [String] = []
    @Option(help: "The symbol of a bar file (default: the file name).") var symbol: String?
    @Option(help: "First date (YYYY-MM-DD).") var from: String?
    @Option(help: "Last date, exclusive (YYYY-MM-DD).") var to: String?
    @Option(parsing: .unconditional, help: "Starting cash.") var cash = "10000000"
    @Option(parsing: .unconditional, help: "Commission rate per side, such as 0.00015 (0.015%); 0 to 0.05.") var commission = "0.00015"
    @Option(parsing: .unconditional, help: "Sell tax rate, such as 0 (default: KRX's rate by market and year); 0 to 0.05.") var tax: String?
    @Flag(help: "Keep commission and tax in fractions of a won, as backtrader and most platforms compute them (KRX charges whole won).")
    var fractionalFees = false
    @Option(help: "Slippage model: none, ticks:N, percent:F or sqrt:K (square-root impact).") var slippage = "none"
    @Option(help: "Largest share of a bar's volume one order may fill in it, such as 0.1 (default: no cap).") var volumeShare: Double?
    @Option(help: "Model Nextrade beside KRX: NXT's share of each bar's volume, such as 0.15; both venues quote a book after each bar (for route = 'smart').") var nextradeShare: Double?
    @Option(help: "The bars' timeframe.") var timeframe = "1d"
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if let volumeShare, !(volumeShare > 0 && volumeShare <= 1) { throw ValidationError("--volume-share must be in (0, 1], not \(volumeShare)") }
        if let nextradeShare, !(nextradeShare > 0 && nextradeShare < 1) { throw ValidationError("--nextrade-share must be in (0, 1), not \(nextradeShare)") }
    }

    /// The account and venue: cash, costs, slippage and the volume cap.
    func engineConfiguration() throws -> EngineConfiguration {
        guard let startingCash = Price(parsing: cash), startingCash.micros > 0 else { throw ValidationError("--cash '\(cash)' is not a positive amount") }
        guard let commissionRate = Rate(parsing: commission), Self.isRate(commission) else {
            throw ValidationError("--commission '\(commission)' is not a rate from 0 to 0.05, such as 0.00015 (0.015%)")
        }
        let taxRate = try tax.map { text -> Rate in
            guard let rate = Rate(parsing: text), Self.isRate(text) else { throw ValidationError("--tax '\(text)' is not a rate from 0 to 0.05, such as 0.002 (0.2%)") }
            return rate
        }
        guard let slippageModel = SlippageModel(parsing: slippage) else {
            throw ValidationError("--slippage '\(slippage)' is not none, ticks:N, percent:F (0 ≤ F < 1) or sqrt:K")
        }
        return EngineConfiguration(
            cash: startingCash, costs: CostModel(commission: commissionRate, sellTax: taxRate, truncatesToUnits: !fractionalFees),
            venue: VenueModel(slippage: slippageModel, volumeShare: volumeShare, nextradeShare: nextradeShare))
    }

    /// Whether `text` is a rate a broker or a tax could charge: a number from 0 to 5%.
    static func isRate(_ text: String) -> Bool {
        guard let value = Double(text), value.isFinite else { return false }
        return value >= 0 && value <= 0.05
    }

    /// Every `--data` source's bars between `--from` and `--to`.
    func series() throws -> [(symbol: Symbol, bars: [Bar])] {
        guard !data.isEmpty else { throw ValidationError("name the bars with --data FILE.csv or --data SYMBOL (kumo data list shows what is stored)") }
        return try data.map { try loadSeries($0) }
    }

    /// One source's bars between `--from` and `--to`, with its symbol.
    func loadSeries(_ source: String) throws -> (symbol: Symbol, bars: [Bar]) {
        var (bars, _, title, _, offset) = try BarSourceArguments.load(source: source, timeframe: timeframe, tz: "+09:00", store: store)
        let fromTime = try DataArguments.date(from, offset: offset)
        let toTime = try DataArguments.date(to, offset: offset)
        bars = bars.filter { bar in (fromTime.map { bar.time >= $0 } ?? true) && (toTime.map { bar.time < $0 } ?? true) }
        guard !bars.isEmpty else { throw ValidationError("\(source): no bars between \(from ?? "the start") and \(to ?? "the end")") }
        let isFile = FileManager.default.fileExists(atPath: source)
        let code = isFile ? try (symbol ?? DataImport.symbolFromName(URL(fileURLWithPath: source))) : title
        return (try DataArguments.symbol(code), bars)
    }
}
