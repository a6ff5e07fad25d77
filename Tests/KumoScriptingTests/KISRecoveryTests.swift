import Foundation
import KumoBrokers
import KumoCore
import KumoEngine
import KumoLive
import Testing

/// `kumo run` on a KIS account (the simulator, as its own process) killed with SIGKILL mid-session
/// and restarted: reconciliation brings the journal to the simulator's balance and open orders exactly.
@Suite(.serialized) struct KISRecoveryTests {
    /// Starts `kumo kis-sim` on a free port; returns the process and its port.
    static func simulator() throws -> (Process, Int) {
        let process = Process()
        process.executableURL = KumoProcess.binary
        process.arguments = ["kis-sim", "--port", "0", "--pace", "25", "--days", "1", "--token-interval", "1", "--calls-per-second", "50"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var line = Data()
        let deadline = Date().addingTimeInterval(20)
        while !line.contains(UInt8(ascii: "\n")), Date() < deadline { line.append(pipe.fileHandleForReading.availableData) }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: "http://127.0.0.1:"), let port = Int(text[range.upperBound...].prefix { $0.isNumber }) else {
            process.terminate()
            throw KISRecoveryFailure(message: "kis-sim printed no port: \(text)")
        }
        return (process, port)
    }

    /// Sends a control request to the simulator (over the project's own libcurl transport).
    static func control(_ method: String, _ url: String) throws -> Data {
        try CurlTransport(timeout: 5).send(method: method, url: url, headers: [], body: method == "POST" ? Data() : nil).body
    }

    static func state(_ port: Int) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: try control("GET", "http://127.0.0.1:\(port)/sim/state")) as? [String: Any] ?? [:]
    }

    static func home(port: Int) throws -> URL {
        let home = try TestPaths.temporaryFolder()
        try """
            local strategy = {}
            local count = 0
            function strategy.on_tick(ctx, tick)
              count = count + 1
              if count % 5 ~= 0 then return end
              if ctx:position(tick.symbol).qty >= 4 then ctx:sell(tick.symbol, 3) else ctx:buy(tick.symbol, 1) end
              if count % 40 == 0 then ctx:buy(tick.symbol, 1, { limit = tick.price * 0.9 - (tick.price * 0.9) % 100 }) end
            end
            return strategy
            """.write(to: home.appendingPathComponent("churn.lua"), atomically: true, encoding: .utf8)
        try """
            [engine]
            journal = "journal.sqlite"
            socket = "kumo.sock"
            log = "kumo.log"
            [feed]
            symbols = ["005930", "000660"]
            timeframe = "1m"
            [broker]
            kind = "kis"
            env = "paper"
            account = "50012345-01"
            hts_id = "kumosim"
            rest_url = "http://127.0.0.1:\(port)"
            ws_url = "ws://127.0.0.1:\(port)/tryitout"
            calls_per_second = 50
            token_interval = 1
            timeout = 2
            reconcile_every = 1
            token_cache = "token.json"
            [[strategy]]
            file = "churn.lua"
            """.write(to: home.appendingPathComponent("kumo.toml"), atomically: true, encoding: .utf8)
        return home
    }

    static func start(_ home: URL) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = KumoProcess.binary
        process.arguments = ["run", "--config", home.appendingPathComponent("kumo.toml").path, "--no-reload"]
        process.currentDirectoryURL = TestPaths.project
        var environment = ProcessInfo.processInfo.environment
        environment["KIS_APP_KEY"] = "PSsimulatorappkey0000000000000000000"
        environment["KIS_APP_SECRET"] = "simulator-secret"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        return (process, pipe)
    }

    @Test func killedMidSessionItReconcilesToTheBrokerExactly() throws {
        try #require(FileManager.default.isExecutableFile(atPath: KumoProcess.binary.path), "build kumo first")
        let (simulator, port) = try Self.simulator()
        defer { simulator.terminate() }
        let home = try Self.home(port: port)
        for pause in [2.5, 2.0] {
            let (run, _) = try Self.start(home)
            Thread.sleep(forTimeInterval: pause)
            kill(run.processIdentifier, SIGKILL)
            run.waitUntilExit()
            Thread.sleep(forTimeInterval: 0.7)  // the market moves on without the engine
        }
        let (run, pipe) = try Self.start(home)
        Thread.sleep(forTimeInterval: 3)
        // Pause the market, let the last replies and a reconciliation land, then stop cleanly.
        _ = try Self.control("POST", "http://127.0.0.1:\(port)/sim/pace?prints=0")
        Thread.sleep(forTimeInterval: 2.5)
        kill(run.processIdentifier, SIGTERM)
        run.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(run.terminationStatus == 0, "\(output)")
        #expect(output.contains("broker paper account 50012345-01"), "\(output)")

        let state = try Self.state(port)
        let contents = try EngineJournal(path: home.appendingPathComponent("journal.sqlite").path).read()
        let brokerOrders = state["orders"] as? [[String: String]] ?? []
        #expect(brokerOrders.count >= 10, "the strategy traded across the kills: \(brokerOrders.count) orders")
        let byVenue = Dictionary(grouping: contents.orders.filter { $0.venueOrderID != nil }, by: { $0.venueOrderID! })
        #expect(byVenue.values.allSatisfy { $0.count == 1 }, "no broker order is journaled twice")
        var mismatches: [String] = []
        for order in brokerOrders {
            guard let number = order["odno"], let mine = byVenue[number]?.first else {
                mismatches.append("broker order \(order["odno"] ?? "?") is not in the journal")
                continue
            }
            let booked = contents.fills.filter { $0.order == mine.id }.reduce(Int64(0)) { $0 + $1.quantity }
            if booked != Int64(order["filled"] ?? "") ?? -1 { mismatches.append("\(number): \(booked) booked, \(order["filled"] ?? "?") at the broker") }
            if (Int64(order["remaining"] ?? "") ?? 0 > 0) != mine.status.isOpen { mismatches.append("\(number): open at the broker \(order["remaining"] ?? "?"), journal \(mine.status.rawValue)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        var positions: [String: Int64] = [:]
        for fill in contents.fills { positions[fill.symbol.code, default: 0] += fill.side == .buy ? fill.quantity : -fill.quantity }
        let held = (state["holdings"] as? [String: String] ?? [:]).compactMapValues { Int64($0) }.filter { $0.value != 0 }
        #expect(positions.filter { $0.value != 0 } == held)
        let cash = output.split(separator: "\n").last { $0.hasPrefix("stopped by") }.flatMap { line in line.range(of: "cash ").map { line[$0.upperBound...].prefix { $0.isNumber || $0 == "." } } }
        #expect(cash.map(String.init) == (state["cash"] as? String), "\(output)")
    }
}

struct KISRecoveryFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
