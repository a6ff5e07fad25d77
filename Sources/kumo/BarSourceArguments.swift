import ArgumentParser
import Foundation
import KumoCore
import KumoData

struct BarSourceArguments: ParsableArguments {
    @Argument(help: "A bar file (CSV or tab-separated) or a stored symbol such as 005930.")
    var source: String

    @Option(help: "The stored bars' timeframe, when SOURCE is a symbol.")
    var timeframe = "1d"

    @Option(help: "UTC offset of times without one, such as +09:00 for KRX files.")
    var tz = "+09:00"

    @OptionGroup var store: StoreOptions

    /// The bars, their labels (dates, or times for intraday bars) and a title.
    func load(lenient: Bool = false) throws -> (bars: [Bar], labels: [String], title: String, isIntraday: Bool, offset: Int) {
        try Self.load(source: source, timeframe: timeframe, tz: tz, store: store, lenient: lenient)
    }

    /// Loads `source` (a file, or a symbol in the store `store` opens) the way the commands do.
    static func load(source: String, timeframe: String, tz: String, store: StoreOptions, lenient: Bool = false) throws
        -> (bars: [Bar], labels: [String], title: String, isIntraday: Bool, offset: Int)
    {
        let offset = try UTCOffset.parse(tz)
        var bars: [Bar]
        var title = source
        var intraday: Bool
        if FileManager.default.fileExists(atPath: source) {
            var reader = BarCSVReader(timeParser: BarTimeParser(utcOffsetSeconds: offset))
            reader.rejectsInconsistentBars = !lenient
            do throws(BarImportError) {
                bars = try reader.read(URL(fileURLWithPath: source))
            } catch {
                throw ValidationError(error.description)
            }
            title = URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent
            intraday = zip(bars, bars.dropFirst()).contains { $1.time.nanoseconds - $0.time.nanoseconds < 86_400_000_000_000 }
        } else {
            if source.contains("/") || [".csv", ".tsv", ".txt"].contains(where: { source.lowercased().hasSuffix($0) }) {
                throw ValidationError("the file '\(source)' does not exist")
            }
            let symbol = try DataArguments.symbol(source)
            let frame = try DataArguments.timeframe(timeframe)
            let database = try store.open()
            do throws(MarketDataStore.Failure) {
                bars = try database.bars(symbol: symbol, timeframe: frame, from: nil, to: nil)
            } catch {
                throw ValidationError(error.description)
            }
            guard !bars.isEmpty else {
                throw ValidationError("'\(source)' is neither a file nor a stored symbol with \(frame) bars (kumo data list shows what is stored)")
            }
            intraday = frame.isIntraday
        }
        let labels = bars.map { intraday ? String($0.time.iso8601(utcOffsetSeconds: offset).prefix(19)) : $0.time.isoDate(utcOffsetSeconds: offset) }
        return (bars, labels, title, intraday, offset)
    }
}
