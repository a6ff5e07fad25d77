import Foundation
import KumoCore
import KumoData
import KumoEngine
import KumoLive
import KumoPostgres
import KumoTestSupport
import Testing

/// `kumo run` with its feed and its journal in PostgreSQL, killed with SIGKILL along the way and
/// restarted: it ends with the fills and orders of an uninterrupted run on the SQLite files.
struct LiveOnPostgresTests {
    static let days = 600
    static let symbols = ["SYN0001", "SYN0002", "SYN0003", "SYN0004"]

    static func config(_ home: URL, journal: String, db: String, speed: Double) throws -> String {
        let strategy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("strategies/sma_cross.lua")
        let file = home.appendingPathComponent("kumo.toml")
        try """
            [engine]
            journal = "\(journal)"
            socket = "kumo.sock"
            speed = \(speed)
            checkpoint_every = 16
            [feed]
            symbols = [\(symbols.map { "\"\($0)\"" }.joined(separator: ", "))]
            db = "\(db)"
            alt_data_refresh = 0
            [[strategy]]
            file = "\(strategy.path)"
            """.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    static func bars() -> [(symbol: Symbol, timeframe: Timeframe, bars: [Bar])] {
        SyntheticMarket(seed: 3, symbols: symbols.count, days: days).dailyBars().map { ($0.symbol, Timeframe(parsing: "1d")!, $0.bars) }
    }

    @Test func killedAndRestartedOnPostgreSQLItEndsWhereAnUninterruptedSQLiteRunEnds() async throws {
        let reference = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-live-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: reference, withIntermediateDirectories: true)
        try MarketDataStore(path: reference.appendingPathComponent("kumo.sqlite").path).importBars(Self.bars())
        let whole = try await MigrateCommandTests.kumo(["run", "--config", try Self.config(reference, journal: "journal.sqlite", db: "kumo.sqlite", speed: 0), "--exit-at-end", "--no-reload"])
        #expect(whole.status == 0, "\(whole.output)")
        let expected = try EngineJournal(path: reference.appendingPathComponent("journal.sqlite").path).read()
        #expect(expected.fills.count > 20)

        let database = try await PostgresServer.freshDatabase()
        try PostgresMarketStore(url: database).importBars(Self.bars())
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-live-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let journal = database + "?journal=paper"
        let config = try Self.config(home, journal: journal, db: database, speed: Double(Self.days) * 86_400 / 3)
        // The kills are timed on a thread of their own: an awaited sleep can overrun by seconds
        // when the test run's pool is busy, and the three-second feed would end first.
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kumo")
        let (kills, orderCounts) = try await blocking { () throws -> (Int, [(orders: Int, distinct: Int)]) in
            var random = SplitMix64(seed: 7)
            var kills = 0
            var counts: [(orders: Int, distinct: Int)] = []
            for _ in 0..<4 {
                let process = Process()
                process.executableURL = binary
                process.arguments = ["run", "--config", config, "--exit-at-end", "--no-reload"]
                process.standardOutput = FileHandle.nullDevice
                process.standardError = FileHandle.nullDevice
                try process.run()
                Thread.sleep(forTimeInterval: 0.4 + Double(random.next() % 600) / 1000)
                guard process.isRunning else { break }
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                kills += 1
                let orders = try EngineJournal.open(journal).read().orders
                counts.append((orders.count, Set(orders.map(\.id)).count))
            }
            return (kills, counts)
        }
        #expect(orderCounts.allSatisfy { $0.orders == $0.distinct }, "after each kill the journal holds no order twice: \(orderCounts)")
        #expect(kills >= 2, "only \(kills) kills landed before the feed ended")
        let finish = try await MigrateCommandTests.kumo(["run", "--config", config, "--exit-at-end", "--no-reload", "--speed", "0"])
        #expect(finish.status == 0, "\(finish.output)")
        #expect(finish.output.contains("recovered"), "\(finish.output)")
        let final = try EngineJournal.open(journal).read()
        #expect(final.fills == expected.fills)
        #expect(final.orders.map(\.id) == expected.orders.map(\.id))
        #expect(final.orders.map(\.status) == expected.orders.map(\.status))
        #expect(try !FileManager.default.contentsOfDirectory(atPath: home.path).contains { $0.hasPrefix("postgres") }, "no folder made for an address")
    }

    @Test func anUnreachableJournalServerStopsTheStartNamingIt() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-live-pg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try MarketDataStore(path: home.appendingPathComponent("kumo.sqlite").path).importBars(Self.bars())
        // Port 1 on loopback: nothing listens there.
        let config = try Self.config(home, journal: "postgres://kumo:secret@127.0.0.1:1/kumo", db: "kumo.sqlite", speed: 0)
        let refused = try await MigrateCommandTests.kumo(["run", "--config", config, "--exit-at-end", "--no-reload"])
        #expect(refused.status != 0)
        #expect(refused.output.contains("engine.journal: cannot connect to postgres://kumo@127.0.0.1:1/kumo"), "\(refused.output)")
        #expect(!refused.output.contains("secret"))
    }
}

