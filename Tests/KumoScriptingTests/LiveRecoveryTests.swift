import Foundation
import KumoCore
import KumoData
import KumoEngine
import KumoLive
import Testing

/// `kumo run` killed with SIGKILL at random points and restarted: the journal rebuilds the
/// account, nothing is ordered twice, and the end state equals an uninterrupted run's.
struct LiveRecoveryTests {
    static func home(speed: Double) throws -> URL {
        let home = try TestPaths.temporaryFolder()
        let store = try MarketDataStore(path: home.appendingPathComponent("kumo.sqlite").path)
        for (symbol, bars) in SyntheticMarket(seed: 3, symbols: 4, days: 1500).dailyBars() {
            try store.importBars(bars, symbol: symbol, timeframe: Timeframe(parsing: "1d")!)
        }
        try """
            [engine]
            journal = "journal.sqlite"
            socket = "kumo.sock"
            speed = \(speed)
            checkpoint_every = 16
            [feed]
            symbols = ["SYN0001", "SYN0002", "SYN0003", "SYN0004"]
            db = "kumo.sqlite"
            [[strategy]]
            file = "\(TestPaths.strategies.appendingPathComponent("sma_cross.lua").path)"
            """.write(to: home.appendingPathComponent("kumo.toml"), atomically: true, encoding: .utf8)
        return home
    }

    /// A home whose config also runs `source` as `name` and logs to kumo.log at `level`.
    static func home(adding source: String, named name: String, logLevel: String = "info") throws -> (home: URL, config: URL, script: URL) {
        let home = try Self.home(speed: 0)
        let script = home.appendingPathComponent(name)
        try source.write(to: script, atomically: true, encoding: .utf8)
        let config = home.appendingPathComponent("kumo.toml")
        var text = try String(contentsOf: config, encoding: .utf8)
        text = text.replacingOccurrences(of: "checkpoint_every = 16", with: "checkpoint_every = 16\nlog = \"kumo.log\"\nlog_level = \"\(logLevel)\"")
        text += "\n[[strategy]]\nfile = \"\(name)\"\n"
        try text.write(to: config, atomically: true, encoding: .utf8)
        return (home, config, script)
    }

    static func journal(_ home: URL) throws -> EngineJournal.Contents {
        try EngineJournal(path: home.appendingPathComponent("journal.sqlite").path).read()
    }

    @Test func killedTwentyTimesItEndsWhereAnUninterruptedRunEnds() throws {
        let reference = try Self.home(speed: 0)
        let whole = try KumoProcess.run(["run", "--config", reference.appendingPathComponent("kumo.toml").path, "--exit-at-end", "--no-reload"])
        #expect(whole.status == 0, "\(whole.output)")
        let expected = try Self.journal(reference)
        #expect(expected.fills.count > 50)

        // The same feed paced to about four seconds, killed twenty times along the way.
        let crashed = try Self.home(speed: 1500.0 * 86_400 / 4)
        let config = crashed.appendingPathComponent("kumo.toml").path
        var random = SplitMix64(seed: 42)
        var kills = 0
        var recoveries = 0
        while kills < 20 {
            let process = Process()
            process.executableURL = KumoProcess.binary
            process.arguments = ["run", "--config", config, "--exit-at-end", "--no-reload"]
            process.currentDirectoryURL = TestPaths.project
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            Thread.sleep(forTimeInterval: 0.05 + Double(random.next() % 400) / 1000)
            guard process.isRunning else {
                process.waitUntilExit()
                break  // it reached the end before the kill: the feed is done
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            kills += 1
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            if output.contains("recovered") { recoveries += 1 }
            // After each kill the journal reads clean and holds no order twice.
            let contents = try Self.journal(crashed)
            #expect(Set(contents.orders.map(\.id)).count == contents.orders.count)
            let restored = Kernel(configuration: EngineConfiguration())
            restored.restore(orders: contents.orders, fills: contents.fills, lastEvent: contents.lastEvent)
            #expect(restored.portfolio.cash.micros == 10_000_000 * Price.scale
                - contents.fills.reduce(Int64(0)) { $0 + ($1.side == .buy ? 1 : -1) * $1.notional.micros + $1.commission.micros + $1.tax.micros })
        }
        #expect(kills >= 10, "only \(kills) kills landed before the feed ended")
        // A kill can land before a restart has printed anything (it was still starting): most did recover.
        #expect(recoveries >= kills / 2, "\(recoveries) of \(kills) restarts reported a recovery")
        let finish = try KumoProcess.run(["run", "--config", config, "--exit-at-end", "--no-reload", "--speed", "0"])
        #expect(finish.status == 0, "\(finish.output)")
        #expect(finish.output.contains("recovered"), "\(finish.output)")
        let final = try Self.journal(crashed)
        #expect(final.fills == expected.fills)
        #expect(final.orders.map(\.id) == expected.orders.map(\.id))
        #expect(final.orders.map(\.status) == expected.orders.map(\.status))
    }

    @Test func aDamagedJournalStopsTheStart() throws {
        let home = try Self.home(speed: 0)
        let config = home.appendingPathComponent("kumo.toml").path
        #expect(try KumoProcess.run(["run", "--config", config, "--exit-at-end", "--no-reload"]).status == 0)
        let journal = home.appendingPathComponent("journal.sqlite")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"update journal set body=replace(body,'strategy','strategz') where seq=(select max(seq) from journal where kind='order')\"); c.commit()", journal.path]
        try process.run()
        process.waitUntilExit()
        let refused = try KumoProcess.run(["run", "--config", config, "--exit-at-end", "--no-reload"])
        #expect(refused.status != 0)
        #expect(refused.output.contains("fails its checksum"), "\(refused.output)")
    }
}

extension LiveRecoveryTests {
    @Test func scriptLogsAndPrintsReachTheStructuredLogTaggedWithScriptAndLine() throws {
        let (home, config, _) = try Self.home(adding: """
            local S = { symbols = { 'SYN0001' }, timeframe = '1d' }
            local n = 0
            function S.on_bar(ctx, bar)
              n = n + 1
              if n == 3 then print('third bar ' .. bar.symbol) end
              if n == 4 then ctx:log('warning', 'fourth bar') end
            end
            return S
            """, named: "talker.lua", logLevel: "debug")
        let run = try KumoProcess.run(["run", "--config", config.path, "--exit-at-end", "--no-reload"])
        #expect(run.status == 0, "\(run.output)")
        let lines = try String(contentsOf: home.appendingPathComponent("kumo.log"), encoding: .utf8).split(separator: "\n")
        let records = lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] }
        let printed = try #require(records.first { $0["message"]?.hasPrefix("third bar SYN") == true }, "\(lines.prefix(5))")
        #expect(printed["label"] == "kumo.strategy.talker" && printed["level"] == "info")
        #expect(printed["location"]?.hasSuffix("talker.lua:5") == true, "\(printed)")
        let warned = try #require(records.first { $0["message"] == "fourth bar" })
        #expect(warned["level"] == "warning" && warned["location"]?.hasSuffix("talker.lua:6") == true, "\(warned)")
    }
}

extension LiveRecoveryTests {
    static func records(_ file: URL) throws -> [[String: String]] {
        try String(contentsOf: file, encoding: .utf8).split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] }
    }

    @Test func failuresQuarantinesAndRecoveriesAreInTheJSONLogWithScriptAndLine() throws {
        let (home, config, script) = try Self.home(adding: """
            local S = { symbols = { 'SYN0002' }, timeframe = '1d' }
            function S.on_bar(ctx, bar)
              local t = nil
              return t.field
            end
            return S
            """, named: "breaks.lua")
        let arguments = ["run", "--config", config.path, "--exit-at-end", "--no-reload"]
        let first = try KumoProcess.run(arguments)
        #expect(first.status == 0, "\(first.output)")
        let log = home.appendingPathComponent("kumo.log")
        let records = try Self.records(log)
        let failed = records.filter { $0["message"] == "strategy failed" }
        #expect(failed.count >= 3, "each failure until the quarantine: \(failed.count)")
        let one = try #require(failed.first)
        #expect(one["script"] == "breaks" && one["level"] == "error" && one["location"]?.hasSuffix("breaks.lua:4") == true, "\(one)")
        #expect(one["file"] == script.path && one["time"]?.hasSuffix("+09:00") == true, "\(one)")
        let quarantined = records.filter { $0["message"]?.hasPrefix("strategy quarantined") == true }
        #expect(quarantined.count == 1, "logged once: \(quarantined)")
        #expect(quarantined.first?["script"] == "breaks" && quarantined.first?["location"]?.hasSuffix("breaks.lua:4") == true, "\(quarantined)")
        #expect(!records.contains { $0["message"] == "recovered from the journal" })

        // Run again on the same journal: the recovery is logged, not only printed.
        let second = try KumoProcess.run(arguments)
        #expect(second.status == 0 && second.output.contains("recovered"), "\(second.output)")
        let recovered = try #require(try Self.records(log).first { $0["message"] == "recovered from the journal" })
        #expect(Int(recovered["records"] ?? "") ?? 0 > 0 && recovered["fills"] != nil && recovered["journal"]?.hasSuffix("journal.sqlite") == true, "\(recovered)")
    }

    @Test func aStartThatFailsLeavesNoEmptyJournalLogOrStore() throws {
        let home = try TestPaths.temporaryFolder()
        let state = home.appendingPathComponent("state")
        try """
            [engine]
            journal = "state/journal.sqlite"
            log = "state/kumo.log"
            socket = "state/kumo.sock"
            [feed]
            symbols = ["SYN0001"]
            db = "state/kumo.sqlite"
            [[strategy]]
            file = "missing.lua"
            """.write(to: home.appendingPathComponent("kumo.toml"), atomically: true, encoding: .utf8)
        let run = try KumoProcess.run(["run", "--config", home.appendingPathComponent("kumo.toml").path, "--exit-at-end", "--no-reload"])
        #expect(run.status != 0)
        #expect(run.output.contains("feed.db: there is no store at"), "\(run.output)")
        #expect(!FileManager.default.fileExists(atPath: state.path), "nothing left behind: \((try? FileManager.default.contentsOfDirectory(atPath: state.path)) ?? [])")
    }

    @Test func aStrategysOwnSymbolsAreHonouredByTheFeed() throws {
        let (home, config, _) = try Self.home(adding: """
            local S = { symbols = { 'SYN0003', '123456' }, timeframe = '1d' }
            local seen = {}
            function S.on_bar(ctx, bar)
              if not seen[bar.symbol] then seen[bar.symbol] = true; print('saw ' .. bar.symbol) end
            end
            return S
            """, named: "picky.lua")
        let run = try KumoProcess.run(["run", "--config", config.path, "--exit-at-end", "--no-reload"])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("warning: strategy picky.lua names 123456, which the feed does not hold; it runs on SYN0003"), "\(run.output)")
        let seen = try Self.records(home.appendingPathComponent("kumo.log")).compactMap { $0["message"] }.filter { $0.hasPrefix("saw ") }
        #expect(seen == ["saw SYN0003"], "\(seen)")
    }
}
