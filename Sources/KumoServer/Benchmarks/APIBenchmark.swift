public import Foundation
import KumoLive
import KumoLua
public import KumoScripting

/// `kumo bench api`: the engine's event rate on a backtest-speed replay that trades, for a fixed
/// time, with the API serving and idle, then with `wrk` hammering `/api/v1/positions` (every
/// request a job on the engine thread: the read limit is lifted for the run). Reports both rates,
/// the drop, and wrk's requests per second and latency. Idle and loaded runs alternate for
/// `rounds` rounds and each figure is the median, since a shared machine's speed drifts. wrk runs
/// at niceness `clientNice` (10 by default): it stands for clients on other machines, and on a
/// two-core box at full priority it takes a core the engine would otherwise have; 0 measures that.
public struct APIBenchmark: Sendable {
    public var roots: ScriptRoots
    public var strategy: URL
    public var seconds: Double
    public var connections: Int
    public var threads: Int
    public var rounds: Int
    public var clientNice: Int

    public init(roots: ScriptRoots, strategy: URL, seconds: Double = 5, connections: Int = 8, threads: Int = 1, rounds: Int = 3, clientNice: Int = 10) {
        self.rounds = rounds
        self.clientNice = clientNice
        self.roots = roots
        self.strategy = strategy
        self.seconds = seconds
        self.connections = connections
        self.threads = threads
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// What one timed run saw.
    struct Run {
        var events: Int
        var fills: Int
        var seconds: Double
        var wrk: [String: Double]
    }

    public func run() throws -> [String: Double] {
        guard let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw Failure(description: "wrk is not installed (apt-get install wrk)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-bench-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let tokens = try TokenStore(path: folder.appendingPathComponent("tokens.sqlite").path)
        let token = try tokens.create(name: "bench", role: .viewer).token
        var idle: [Run] = [], loaded: [Run] = []
        for round in 0..<rounds {
            idle.append(try timed(folder: folder.appendingPathComponent("idle-\(round)"), tokens: tokens, load: nil))
            loaded.append(try timed(folder: folder.appendingPathComponent("loaded-\(round)"), tokens: tokens, load: (wrk, token)))
        }
        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
        let idleRate = median(idle.map { Double($0.events) / $0.seconds })
        let loadedRate = median(loaded.map { Double($0.events) / $0.seconds })
        var figures: [String: Double] = [
            "seconds": seconds, "rounds": Double(rounds), "wrk_nice": Double(clientNice), "connections": Double(connections), "wrk_threads": Double(threads), "events_per_second_idle": idleRate,
            "events_per_second_under_load": loadedRate, "event_rate_drop_percent": (1 - loadedRate / idleRate) * 100,
            "fills_idle": median(idle.map { Double($0.fills) }), "fills_under_load": median(loaded.map { Double($0.fills) }),
        ]
        for key in Set(loaded.flatMap(\.wrk.keys)) { figures[key] = median(loaded.compactMap { $0.wrk[key] }) }
        return figures
    }

    /// Runs the engine for `seconds` from its first event (optionally under wrk) and counts what it handled.
    func timed(folder: URL, tokens: TokenStore, load: (wrk: String, token: String)?) throws -> Run {
        let run = folder
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        let config = try LiveConfig.parse(
            """
            [engine]
            journal = "journal.sqlite"
            socket = "kumo.sock"
            speed = 0
            checkpoint_every = 64
            [feed]
            kind = "synthetic"
            count = 40
            days = 50000
            [[strategy]]
            file = "\(strategy.path)"
            """, file: "bench.toml", folder: run)
        let port = 30_000 + Int(getpid() % 20_000)
        let unlimited = ["read": RateLimiter.Limit(burst: 1_000_000_000, perSecond: 1_000_000_000)]
        return try LuaThread.run {
            let engine = try LiveEngine(config: config, roots: roots)
            let server = APIServer.attached(to: engine, host: "127.0.0.1", port: port, tokens: tokens, limits: unlimited)
            let gate = server.gate
            let listening = DispatchSemaphore(value: 0)
            let service = Task.detached { try await server.run { _ in listening.signal() } }
            defer {
                gate.close()
                service.cancel()
            }
            guard listening.wait(timeout: .now() + 10) == .success else { throw Failure(description: "the API did not start on port \(port)") }
            var wrk: Process?
            let output = Pipe()
            if let load {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/nice")
                process.arguments = ["-n", "\(clientNice)", load.wrk] + [
                    "-t\(threads)", "-c\(connections)", "-d\(Int(seconds.rounded(.up)) + 1)s", "--latency", "-H", "Authorization: Bearer \(load.token)",
                    "http://127.0.0.1:\(port)/api/v1/positions",
                ]
                process.standardOutput = output
                process.standardError = FileHandle.nullDevice
                try process.run()
                wrk = process
                Thread.sleep(forTimeInterval: 0.3)  // connections open and requests flow before the clock starts
            }
            let stop = StopSignal()
            let started = Date()
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { stop.stop("the benchmark's time") }
            let summary = engine.run(stop: stop, exitAtEnd: true)
            let elapsed = Date().timeIntervalSince(started)
            guard summary.stoppedBy != nil else { throw Failure(description: "the feed ended before \(seconds) s: lower --seconds") }
            var figures: [String: Double] = [:]
            if let wrk {
                wrk.waitUntilExit()
                figures = Self.parse(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
            }
            return Run(events: summary.events, fills: summary.fills, seconds: elapsed, wrk: figures)
        }
    }

    /// wrk's requests/s, latency percentiles (ms) and non-2xx count.
    static func parse(_ text: String) -> [String: Double] {
        var figures: [String: Double] = ["non_2xx_responses": 0]
        func milliseconds(_ value: Substring) -> Double? {
            for (unit, scale) in [("us", 0.001), ("ms", 1.0), ("s", 1000.0)] where value.hasSuffix(unit) {
                return Double(value.dropLast(unit.count)).map { $0 * scale }
            }
            return nil
        }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = fields.first else { continue }
            if first == "Requests/sec:", fields.count > 1 { figures["requests_per_second"] = Double(fields[1]) }
            if fields.count == 2, ["50%", "90%", "99%"].contains(String(first)), let value = milliseconds(fields[1]) {
                figures["latency_p\(first.dropLast())_ms"] = value
            }
            if line.contains("Non-2xx or 3xx responses:"), let count = fields.last.flatMap({ Double($0) }) { figures["non_2xx_responses"] = count }
            if first == "Socket", line.contains("errors:") { figures["socket_errors"] = 1 }
        }
        return figures
    }
}
