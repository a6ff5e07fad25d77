import ArgumentParser
import Foundation
import KumoData
import KumoPostgres
import KumoIndicators
import KumoLive
import KumoLua
import KumoML
import KumoResearch
import KumoScripting
import KumoServer

/// `kumo bench`: speed figures, measured in the build at hand (use a release build).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure Kumo's speed and print the figures.", subcommands: [ScriptBench.self, IndicatorBench.self, DataBench.self, EngineBench.self, MLBench.self, RLBench.self, LiveBench.self, BrokerBench.self, ResearchBench.self, APIBench.self])
}

/// `kumo bench research [--json]`: trials per second of a ten-year daily parameter sweep.
struct ResearchBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "research", abstract: "Trials per second of a 10-year daily SMA sweep (80 parameter sets), on one core and on all.")

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: "Daily bars per trial.")
    var days = 2520

    func run() throws {
        guard days >= 300 else { throw ValidationError("--days must be at least 300, not \(days)") }
        try printFigures(try ResearchBenchmark(roots: try ProjectRoots.locate(), days: days).run(), json: json)
    }
}

/// `kumo bench script [--json]`: the Lua runtime's crossing, creation, reload and memory figures.
struct ScriptBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "script", abstract: "Swift↔Lua call cost, VM creation, hot reload and idle VM memory.")

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: "Calls per crossing measurement.")
    var calls = 2_000_000

    func run() throws {
        let benchmark = ScriptBenchmark(roots: try ProjectRoots.locate(), calls: calls)
        try printFigures(try LuaThread.run { try benchmark.run() }, json: json)
    }
}

/// `kumo bench indicators [--json]`: updates per second of every streaming indicator.
struct IndicatorBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators", abstract: "Updates per second of each streaming indicator over a synthetic series.")

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: "Bars fed to each indicator.")
    var bars = 10_000_000

    func run() throws {
        guard bars >= 1000 else { throw ValidationError("--bars must be at least 1000, not \(bars)") }
        try printFigures(IndicatorBenchmark(bars: bars).run(), json: json)
    }
}

/// `kumo bench data [--json]`: import, query and replay throughput.
struct DataBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "CSV→SQLite import, streaming query and 100-symbol replay throughput; with --db postgres://…, the same through PostgreSQL beside SQLite.")

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: "Rows of minute bars (spread over the symbols).")
    var rows = 10_000_000

    @Option(help: "Symbols to merge in the replay.")
    var symbols = 100

    @Option(help: "An empty PostgreSQL database (postgres://USER@HOST/DATABASE) to measure beside SQLite, through the store interface.")
    var db: String?

    func run() throws {
        guard symbols >= 1, rows >= symbols * 381 else { throw ValidationError("--rows must be at least 381 per symbol") }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-bench-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }  // a leftover temp folder is harmless
        let benchmark = DataBenchmark(rows: rows, symbols: symbols)
        if let db {
            guard PostgresAddress.isAddress(db) else { throw ValidationError("--db: '\(db)' is not postgres://USER@HOST/DATABASE") }
            let store = try StoreOptions.open(db)
            do { try printFigures(try benchmark.compare(store, name: "postgres", in: folder), json: json) } catch let failure as MarketDataStore.Failure {
                throw ValidationError(failure.description)
            }
            return
        }
        try printFigures(benchmark.run(in: folder), json: json)
    }
}

/// `kumo bench engine [--json]`: bars per second through the full engine, Lua vs Swift strategy.
struct EngineBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine", abstract: "Daily bars per second through the engine with a Lua and a Swift SMA-cross strategy, and a parameter sweep on one core and on all.")

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: "Daily bars to replay.")
    var bars = 10_000_000

    @Option(help: "Bars each of the sweep's eight parameter sets replays, on one core and then on all.")
    var sweepBars = 1_000_000

    @Option(help: "Bar counts of the scaling runs (comma-separated, 'none' for none): the Lua strategy over bars made as they are replayed, each in its own process, with its peak resident memory.")
    var scales = "1000000,10000000,50000000"

    @Flag(help: .hidden)
    var streamedRun = false

    func run() throws {
        guard bars >= 100 else { throw ValidationError("--bars must be at least 100") }
        guard sweepBars >= 100 else { throw ValidationError("--sweep-bars must be at least 100") }
        let counts = try scaleCounts()
        let benchmark = EngineBenchmark(roots: try ProjectRoots.locate(), bars: bars, sweepBars: sweepBars)
        if streamedRun {
            let rate = try LuaThread.run { try benchmark.streamedLuaBarsPerSecond() }
            try printFigures(["bars_per_s": rate, "peak_rss_bytes": Double(EngineBenchmark.peakResidentBytes())], json: true)
            return
        }
        var figures = try LuaThread.run { try benchmark.run() }
        for count in counts {
            let reply = try Self.streamedRun(bars: count)
            let name = count % 1_000_000 == 0 ? "\(count / 1_000_000)m" : String(count)
            figures["scale_\(name)_lua_bars_per_s"] = reply.rate
            figures["scale_\(name)_peak_rss_mib"] = reply.peakBytes / 1_048_576
        }
        try printFigures(figures, json: json)
    }

    /// Runs one scaling run in a process of its own (this executable again), so the peak memory it
    /// reports is that run's alone.
    private static func streamedRun(bars: Int) throws -> (rate: Double, peakBytes: Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        process.arguments = ["bench", "engine", "--streamed-run", "--bars", String(bars)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let reply = try? JSONSerialization.jsonObject(with: data) as? [String: Double],
            let rate = reply["bars_per_s"], let peak = reply["peak_rss_bytes"]
        else {
            throw ValidationError("the scaling run of \(bars) bars failed (status \(process.terminationStatus)): \(String(decoding: data, as: UTF8.self))")
        }
        return (rate, peak)
    }

    /// The bar counts of `--scales`.
    private func scaleCounts() throws -> [Int] {
        guard scales != "none" else { return [] }
        return try scales.split(separator: ",").map { text in
            guard let count = Int(text.trimmingCharacters(in: .whitespaces)), count >= 1000, count <= 1_000_000_000 else {
                throw ValidationError("--scales '\(text)' is not a bar count from 1000 to 1,000,000,000")
            }
            return count
        }
    }
}

/// `kumo bench ml [--json]`: model latency and throughput on the reference shapes.
struct MLBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ml", abstract: "Batch-1 latency and batch-256 throughput of LSTM, GRU, CNN and Transformer; LSTM training throughput.")

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: "Timed runs per batch-1 figure (the median is reported).")
    var rounds = 200

    @Option(help: "Only these: lstm, gru, cnn, transformer, train; repeatable.")
    var only: [String] = []

    func run() throws {
        guard rounds >= 20 else { throw ValidationError("--rounds must be at least 20") }
        let known: Set = ["lstm", "gru", "cnn", "transformer", "train"]
        if let bad = only.first(where: { !known.contains($0) }) { throw ValidationError("--only '\(bad)' is not one of \(known.sorted().joined(separator: ", "))") }
        try printFigures(MLBenchmark(rounds: rounds, only: Set(only)).run(), json: json)
    }
}

/// `kumo bench live [--json]`: print-to-order latency and hot-reload pauses, as percentiles.
struct LiveBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live", abstract: "Tick → Lua → risk → order accepted latency, and the pause of a hot reload (HdrHistogram percentiles).")

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: "Trade prints to time.")
    var ticks = 200_000

    func run() throws {
        guard ticks >= 1000 else { throw ValidationError("--ticks must be at least 1000") }
        let benchmark = LiveBenchmark(roots: try ProjectRoots.locate(), ticks: ticks)
        try printFigures(try LuaThread.run { try benchmark.run() }, json: json)
    }
}

/// Prints benchmark figures as sorted JSON or as name-tab-value lines.
func printFigures(_ figures: [String: Double], json: Bool) throws {
    if json {
        let rounded = figures.mapValues { ($0 * 100).rounded() / 100 }
        let data = try JSONSerialization.data(withJSONObject: rounded, options: [.sortedKeys, .prettyPrinted])
        print(String(decoding: data, as: UTF8.self))
    } else {
        for (name, value) in figures.sorted(by: { $0.key < $1.key }) { print("\(name)\t\(String(format: "%.2f", value))") }
    }
}

struct APIBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "The engine's event rate on a trading replay with the API idle and under wrk on /api/v1/positions, alternated (needs wrk).")

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: "Seconds each run lasts.")
    var seconds = 5.0

    @Option(help: "wrk's open connections.")
    var connections = 8

    @Option(help: "wrk's threads.")
    var threads = 1

    @Option(help: "The strategy the engine runs.")
    var strategy = "strategies/sma_cross.lua"

    @Option(help: "Idle and loaded runs, alternated; figures are medians.")
    var rounds = 3

    @Option(help: "wrk's niceness: 10 stands for clients on other machines; 0 lets it take a core from the engine on a small box.")
    var clientNice = 10

    func run() throws {
        guard seconds >= 1, connections >= 1, threads >= 1, connections >= threads, rounds >= 1, (0...19).contains(clientNice) else {
            throw ValidationError("--seconds and --rounds must be at least 1, --connections and --threads at least 1 (connections ≥ threads), --client-nice 0…19")
        }
        guard FileManager.default.fileExists(atPath: strategy) else { throw ValidationError("--strategy: no file \(strategy)") }
        let benchmark = APIBenchmark(
            roots: try ProjectRoots.locate(), strategy: URL(fileURLWithPath: strategy).standardizedFileURL, seconds: seconds, connections: connections, threads: threads, rounds: rounds, clientNice: clientNice)
        do { try printFigures(try benchmark.run(), json: json) } catch let failure as APIBenchmark.Failure { throw ValidationError(failure.description) }
    }
}
