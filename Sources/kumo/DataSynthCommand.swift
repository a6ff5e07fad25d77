import ArgumentParser
import Foundation
import KumoCore
import KumoData

struct DataSynth: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth", abstract: "Generate a deterministic synthetic KRX market into the store.")

    @Option(help: "How many symbols (SYN0001 …).") var symbols = 10
    @Option(help: "How many trading days.") var days = 500
    @Option(help: "The random seed: the same seed gives the same bars.") var seed: UInt64 = 1
    @Option(help: "1d or 1m bars.") var timeframe = "1d"
    @Option(help: "The first day (YYYY-MM-DD).") var start = "2024-01-02"
    @OptionGroup var store: StoreOptions

    func run() throws {
        guard (1...9999).contains(symbols), (1...50_000).contains(days) else { throw ValidationError("--symbols must be 1…9999 and --days 1…50000") }
        guard let first = CivilDate(parsing: start) else { throw ValidationError("--start '\(start)' is not a date (YYYY-MM-DD)") }
        let frame = try DataArguments.timeframe(timeframe)
        guard frame == Timeframe(1, .day) || frame == Timeframe(1, .minute) else { throw ValidationError("--timeframe must be 1d or 1m") }
        let market = SyntheticMarket(seed: seed, symbols: symbols, days: days, start: first)
        guard let last = market.tradingDays.last, Timestamp(year: last.year, month: last.month, day: last.day, hour: 23) != nil else {
            throw ValidationError("--start \(start) with --days \(days) runs past 2262, the last year a bar time can hold")
        }
        let database = try store.open()
        let series = frame.unit == .day ? market.dailyBars() : market.minuteBars()
        for (symbol, bars) in series {
            do throws(MarketDataStore.Failure) {
                try database.importBars(bars, symbol: symbol, timeframe: frame)
            } catch {
                throw ValidationError(error.description)
            }
        }
        print("generated \(symbols) symbols × \(days) days of \(frame) bars (seed \(seed)) into \(database.location)")
    }
}
