import ArgumentParser
import Foundation
import KumoCore
import KumoData

struct DataResample: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resample", abstract: "Build longer bars (5m, 60m, 1d, 1w, 1M) from stored shorter ones and store them.")

    @Argument var symbol: String
    @Option(name: .customLong("from"), help: "The stored timeframe.") var source = "1m"
    @Option(name: .customLong("to"), help: "The timeframe to build.") var target = "5m"
    @OptionGroup var store: StoreOptions

    func run() throws {
        let code = try DataArguments.symbol(symbol)
        let from = try DataArguments.timeframe(source)
        let to = try DataArguments.timeframe(target)
        guard let fromSeconds = from.seconds ?? (from.unit == .month ? 2_592_000 : nil), let toSeconds = to.seconds ?? (to.unit == .month ? 2_592_000 : nil),
            toSeconds > fromSeconds, to.unit != .tick, to.unit != .second
        else { throw ValidationError("--to \(to) must be longer than --from \(from) (and at least a minute)") }
        let database = try store.open()
        let bars: [Bar]
        do throws(MarketDataStore.Failure) { bars = try database.bars(symbol: code, timeframe: from) } catch { throw ValidationError(error.description) }
        guard !bars.isEmpty else { throw ValidationError("no \(from) bars of \(code) to resample") }
        let resampled = BarResampler(target: to).resample(bars)
        do throws(MarketDataStore.Failure) {
            try database.importBars(resampled, symbol: code, timeframe: to)
        } catch {
            throw ValidationError(error.description)
        }
        print("\(code): \(bars.count) \(from) bars → \(resampled.count) \(to) bars")
    }
}
