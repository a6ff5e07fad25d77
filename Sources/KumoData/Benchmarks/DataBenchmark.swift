import Dispatch
public import Foundation
import KumoCore

/// Figures for `kumo bench data`: CSV → SQLite import, streaming reads, and replaying 100
/// symbols merged in time order, in memory and from the store.
public struct DataBenchmark: Sendable {
    public var rows: Int
    public var symbols: Int

    public init(rows: Int = 10_000_000, symbols: Int = 100) {
        precondition(rows >= symbols * 381, "Benchmark at least one day of minute bars per symbol")
        self.rows = rows
        self.symbols = symbols
    }

    public func run(in folder: URL) throws -> [String: Double] {
        let days = max(1, rows / symbols / 381)
        let series = SyntheticMarket(seed: 1, symbols: symbols, days: days).minuteBars()
        let total = series.map(\.bars.count).reduce(0, +)
        var figures: [String: Double] = ["rows": Double(total)]

        // CSV files, one per symbol, then import them all.
        let files = try series.map { symbol, bars -> (Symbol, URL) in
            let file = folder.appendingPathComponent("\(symbol.code).csv")
            var text = "time,open,high,low,close,volume\n"
            text.reserveCapacity(bars.count * 60)
            for bar in bars {
                text += "\(bar.time.description),\(bar.open),\(bar.high),\(bar.low),\(bar.close),\(bar.volume)\n"
            }
            try text.write(to: file, atomically: false, encoding: .utf8)
            return (symbol, file)
        }
        let store = try MarketDataStore(path: folder.appendingPathComponent("bench.sqlite").path)
        let minute = Timeframe(1, .minute)
        var parsed = 0
        figures["csv_parse_rows_per_s"] = Double(total) / (try Self.seconds {
            for (_, file) in files { parsed += try BarCSVReader().read(file).count }
        })
        precondition(parsed == total, "parsed \(parsed) of \(total) rows")
        figures["import_rows_per_s"] = Double(total) / (try Self.seconds {
            _ = try store.importFiles(files.map { MarketDataStore.FileImport(file: $0.1, symbol: $0.0, timeframe: minute) })
        })
        var read = 0
        figures["query_rows_per_s"] = Double(total) / (try Self.seconds {
            for (symbol, _) in files { try store.forEachBar(symbol: symbol, timeframe: minute) { _ in read += 1 } }
        })
        precondition(read == total, "read \(read) of \(total) rows back")
        var merged = 0
        figures["replay_events_per_s"] = Double(total) / (try Self.seconds {
            for _ in ReplayMerger(series) { merged += 1 }
        })
        var replayed = 0
        figures["store_replay_events_per_s"] = Double(total) / (try Self.seconds {
            try store.replay(timeframe: minute) { _ in replayed += 1 }
        })
        precondition(merged == total && replayed == total, "a replay lost events")
        return figures
    }

    /// Import (in batches of ten symbols, each one transaction), per-symbol query and merged
    /// replay through the store interface, for `store` (which must hold no bars) and a new SQLite
    /// file beside it, in the same run: `sqlite_*` and `<name>_*` figures.
    public func compare(_ store: any MarketStore, name: String, in folder: URL) throws -> [String: Double] {
        guard try store.series().isEmpty else { throw MarketDataStore.Failure(description: "\(store.location) holds bars already; benchmark on an empty database") }
        let days = max(1, rows / symbols / 381)
        let series = SyntheticMarket(seed: 1, symbols: symbols, days: days).minuteBars()
        let total = Double(series.map(\.bars.count).reduce(0, +))
        let minute = Timeframe(1, .minute)
        var figures: [String: Double] = ["rows": total]
        let sqlite = try MarketDataStore(path: folder.appendingPathComponent("compare.sqlite").path)
        for (prefix, target) in [("sqlite", sqlite as any MarketStore), (name, store)] {
            figures["\(prefix)_import_rows_per_s"] = total / (try Self.seconds {
                var start = 0
                while start < series.count {
                    _ = try target.importBars(series[start..<min(start + 10, series.count)].map { ($0.symbol, minute, $0.bars) })
                    start += 10
                }
            })
            var read = 0
            figures["\(prefix)_query_rows_per_s"] = total / (try Self.seconds {
                for (symbol, _) in series { read += try target.bars(symbol: symbol, timeframe: minute, from: nil, to: nil).count }
            })
            var replayed = 0
            figures["\(prefix)_replay_events_per_s"] = total / (try Self.seconds {
                try target.replay(symbols: [], timeframe: minute, from: nil, to: nil) { _ in replayed += 1 }
            })
            precondition(Double(read) == total && Double(replayed) == total, "\(prefix): read \(read) and replayed \(replayed) of \(total)")
        }
        return figures
    }

    static func seconds(_ body: () throws -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return max(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, 1e-9)
    }
}
