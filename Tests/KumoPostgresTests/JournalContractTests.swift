import Foundation
import KumoCore
import KumoData
import KumoEngine
import KumoLive
@testable import KumoPostgres
import Testing

/// The engine's journal on either table: the kernel restored from it has the same account and
/// open orders, a damaged record stops the read naming its position, an append is kept whole or
/// not at all, and several engines' journals share one PostgreSQL database without mixing.
struct JournalContractTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgres
        var testDescription: String { rawValue }

        /// A new, empty journal's location.
        func location() async throws -> String {
            switch self {
            case .sqlite: FileManager.default.temporaryDirectory.appendingPathComponent("kumo-journal-\(UUID().uuidString)/journal.sqlite").path
            case .postgres: try await PostgresServer.freshDatabase()
            }
        }

        /// Runs `sql` on the journal's own table, behind the engine's back.
        func tamper(_ location: String, _ sql: String) throws {
            switch self {
            case .sqlite:
                _ = try PostgresServer.run("/usr/bin/env", ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()", location, sql])
            case .postgres:
                let session = try PostgresSession(address: try PostgresAddress(parsing: location))
                try session.reading { try session.run(sql.replacingOccurrences(of: "FROM journal", with: "FROM engine_journal").replacingOccurrences(of: "UPDATE journal", with: "UPDATE engine_journal")) }
            }
        }
    }

    static let symbol = Symbol("005930")!

    static func bar(_ day: Int, _ price: Int64) -> Bar {
        let time = Timestamp(year: 2024, month: 1, day: day, utcOffsetSeconds: 9 * 3600)!
        return Bar(time: time, open: Price(units: price), high: Price(units: price + 500), low: Price(units: price - 500), close: Price(units: price), volume: 1_000_000)
    }

    static var configuration: EngineConfiguration {
        var configuration = EngineConfiguration()
        configuration.eventScopedOrderIDs = true
        return configuration
    }

    /// Three bars: a market buy of 10 filled at 70,500, a resting limit buy of 5, a sell of 4 filled at 71,000.
    static func trade(into journal: EngineJournal) -> Kernel {
        let kernel = Kernel(configuration: configuration)
        kernel.journal = journal
        kernel.handle(symbol: symbol, bar: bar(2, 70_000), strategies: [])
        kernel.submit(strategy: "s", symbol: symbol, side: .buy, quantity: 10)
        kernel.submit(strategy: "s", symbol: symbol, side: .buy, quantity: 5, type: .limit(Price(units: 60_000)), timeInForce: .gtc)
        kernel.handle(symbol: symbol, bar: bar(3, 70_500), strategies: [])
        kernel.submit(strategy: "s", symbol: symbol, side: .sell, quantity: 4)
        kernel.handle(symbol: symbol, bar: bar(4, 71_000), strategies: [])
        journal.commit(event: kernel.eventIndex)
        return kernel
    }

    @Test(arguments: Backend.allCases) func aRestoredKernelHasTheSameAccountAndOpenOrders(_ backend: Backend) async throws {
        let location = try await backend.location()
        let kernel = Self.trade(into: try EngineJournal.open(location))
        let contents = try EngineJournal.open(location).read()
        #expect(contents.fills.map(\.quantity) == [10, 4])
        #expect(contents.fills.map(\.price) == [Price(units: 70_500), Price(units: 71_000)])
        #expect(contents.lastEvent == 3)
        let restored = Kernel(configuration: Self.configuration)
        restored.restore(orders: contents.orders, fills: contents.fills, lastEvent: contents.lastEvent)
        #expect(restored.portfolio == kernel.portfolio)
        #expect(restored.portfolio.positions[Self.symbol]?.quantity == 6)
        #expect(restored.openOrders().map(\.quantity) == [5])
    }

    @Test(arguments: Backend.allCases) func aDamagedRecordIsReportedNotUsed(_ backend: Backend) async throws {
        let location = try await backend.location()
        _ = Self.trade(into: try EngineJournal.open(location))
        let records = try EngineJournal.open(location).read().records
        try backend.tamper(location, "UPDATE journal SET body = replace(body, '\"quantity\":4', '\"quantity\":40') WHERE kind = 'fill'")
        let error = #expect(throws: EngineJournal.Failure.self) { try EngineJournal.open(location).read() }
        // Eleven records: the sell's fill is the tenth, and the last event's checkpoint follows it.
        #expect(records == 11)
        #expect(error?.description.contains("record 10 (fill, event 3) fails its checksum (1 record follows it)") == true, "\(String(describing: error))")
    }

    @Test func anAppendThePostgreSQLServerRefusesLeavesNothing() async throws {
        let location = try await Backend.postgres.location()
        let table = try PostgresJournalTable(url: location, durable: true)
        let good = JournalRecord(event: 1, kind: "checkpoint", body: "{\"event\":1}", checksum: "x")
        try table.append([good])
        // PostgreSQL's text cannot hold a NUL: the second record of the next append fails the whole append.
        #expect(throws: (any Error).self) {
            try table.append([JournalRecord(event: 2, kind: "order", body: "{}", checksum: "y"), JournalRecord(event: 2, kind: "fill", body: "\u{0}", checksum: "z")])
        }
        #expect(try table.records().map(\.event) == [1])
        try table.append([JournalRecord(event: 2, kind: "checkpoint", body: "{\"event\":2}", checksum: "w")])
        #expect(try table.records().map(\.event) == [1, 2])
        #expect(table.writable)
    }

    @Test func namedJournalsShareADatabaseApart() async throws {
        let database = try await PostgresServer.freshDatabase()
        let first = try EngineJournal.open(database + "?journal=alpha")
        _ = Self.trade(into: first)
        let second = try EngineJournal.open(database + "?journal=beta")
        #expect(try second.read().records == 0)
        #expect(try EngineJournal.open(database + "?journal=alpha").read().fills.count == 2)
        #expect(try EngineJournal.open(database).read().records == 0)
        #expect(first.location.hasSuffix("(journal alpha)") && !first.location.contains("?"))
        #expect(throws: EngineJournal.Failure.self) { try EngineJournal.open(database + "?journal=") }
        // A parameter Kumo would not honour is refused, naming it, before any connection.
        let refused = #expect(throws: EngineJournal.Failure.self) { try EngineJournal.open(database + "?journal=gamma&sslmode=require") }
        #expect(refused?.description.contains("unknown parameter 'sslmode'") == true, "\(String(describing: refused))")
    }
}
