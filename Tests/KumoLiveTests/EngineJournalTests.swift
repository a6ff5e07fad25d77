import Foundation
import GRDB
import KumoCore
import KumoEngine
import KumoLive
import Testing

/// The journal holds what the kernel did, rebuilds the same account, and refuses a damaged tail.
struct EngineJournalTests {
    static let symbol = Symbol("005930")!

    static func bar(_ day: Int, _ price: Int64) -> Bar {
        let time = Timestamp(year: 2024, month: 1, day: day, utcOffsetSeconds: 9 * 3600)!
        return Bar(time: time, open: Price(units: price), high: Price(units: price + 500), low: Price(units: price - 500), close: Price(units: price), volume: 1_000_000)
    }

    static func path() -> String { FileManager.default.temporaryDirectory.appendingPathComponent("kumo-journal-\(UUID().uuidString)/journal.sqlite").path }

    @Test func aRestoredKernelHasTheSameAccountAndOpenOrders() throws {
        let path = Self.path()
        var configuration = EngineConfiguration()
        configuration.eventScopedOrderIDs = true
        let kernel = Kernel(configuration: configuration)
        let journal = try EngineJournal(path: path)
        kernel.journal = journal
        kernel.handle(symbol: Self.symbol, bar: Self.bar(2, 70_000), strategies: [])
        kernel.submit(strategy: "s", symbol: Self.symbol, side: .buy, quantity: 10)
        kernel.submit(strategy: "s", symbol: Self.symbol, side: .buy, quantity: 5, type: .limit(Price(units: 60_000)), timeInForce: .gtc)
        kernel.handle(symbol: Self.symbol, bar: Self.bar(3, 70_500), strategies: [])
        kernel.submit(strategy: "s", symbol: Self.symbol, side: .sell, quantity: 4)
        kernel.handle(symbol: Self.symbol, bar: Self.bar(4, 71_000), strategies: [])
        journal.commit(event: kernel.eventIndex)

        let contents = try EngineJournal(path: path).read()
        #expect(contents.fills == kernel.fills)
        #expect(contents.lastEvent == 3)
        let restored = Kernel(configuration: configuration)
        restored.restore(orders: contents.orders, fills: contents.fills, lastEvent: contents.lastEvent)
        #expect(restored.portfolio == kernel.portfolio)
        #expect(restored.openOrders() == kernel.openOrders())
        #expect(restored.openOrders().map(\.quantity) == [5])
        // Replaying the same events re-creates the same ids: the journaled orders, not new ones.
        restored.handle(symbol: Self.symbol, bar: Self.bar(2, 70_000), strategies: [])
        let again = restored.submit(strategy: "s", symbol: Self.symbol, side: .buy, quantity: 10)
        #expect(again.id == ClientOrderID("s-e1.1") && again.status == .filled)
        #expect(restored.orders.count == kernel.orders.count)
    }

    @Test func aDamagedRecordIsReportedNotUsed() throws {
        let path = Self.path()
        let journal = try EngineJournal(path: path)
        let kernel = Kernel(configuration: EngineConfiguration())
        kernel.journal = journal
        kernel.handle(symbol: Self.symbol, bar: Self.bar(2, 70_000), strategies: [])
        kernel.submit(strategy: "s", symbol: Self.symbol, side: .buy, quantity: 10)
        kernel.handle(symbol: Self.symbol, bar: Self.bar(3, 70_500), strategies: [])
        journal.commit(event: kernel.eventIndex, checkpointEvery: .max)
        let queue = try DatabaseQueue(path: path)
        let last = try queue.read { try Int64.fetchOne($0, sql: "SELECT max(seq) FROM journal") }!
        try queue.write { try $0.execute(sql: "UPDATE journal SET body = replace(body, '10', '99') WHERE seq = ?", arguments: [last]) }
        #expect(throws: EngineJournal.Failure.self) { try EngineJournal(path: path).read() }
        do {
            _ = try EngineJournal(path: path).read()
        } catch {
            #expect("\(error)".contains("record \(last) (fill, event 2) fails its checksum (the last record)"), "\(error)")
        }
    }
}

extension EngineJournalTests {
    @Test func replayPlacesNothingNewButAFreshStartTrades() {
        var configuration = EngineConfiguration()
        configuration.eventScopedOrderIDs = true
        // A journal that saw two events: re-processing them places no order the journal lacks.
        let replaying = Kernel(configuration: configuration)
        replaying.restore(orders: [], fills: [], lastEvent: 2)
        replaying.handle(symbol: Self.symbol, bar: Self.bar(2, 70_000), strategies: [])
        let ghost = replaying.submit(strategy: "s", symbol: Self.symbol, side: .buy, quantity: 1)
        #expect(ghost.status == .rejected && ghost.rejection?.contains("replaying history") == true)
        #expect(replaying.orders.isEmpty)
        // An empty journal replays nothing: an order from the strategy's init (event 0) is placed.
        let fresh = Kernel(configuration: configuration)
        fresh.restore(orders: [], fills: [], lastEvent: -1)
        fresh.handle(symbol: Self.symbol, bar: Self.bar(2, 70_000), strategies: [])
        #expect(fresh.submit(strategy: "s", symbol: Self.symbol, side: .buy, quantity: 1).status == .accepted)
    }
}

extension EngineJournalTests {
    /// A crash in the middle of an event leaves none of it: its records reach the file together.
    @Test func anEventsRecordsAreWrittenWholeOrNotAtAll() throws {
        let path = Self.path()
        let journal = try EngineJournal(path: path)
        var configuration = EngineConfiguration(cash: Price(units: 100_000))
        configuration.eventScopedOrderIDs = true
        let kernel = Kernel(configuration: configuration)
        kernel.journal = journal
        kernel.handle(symbol: Self.symbol, bar: Self.bar(2, 70_000), strategies: [])
        let order = kernel.submit(strategy: "s", symbol: Self.symbol, side: .buy, quantity: 10)  // 700,000 of 100,000 cash
        journal.commit(event: kernel.eventIndex, checkpointEvery: .max)
        // The next bar first marks the order's trading day, then rejects it at the fill: two records.
        kernel.handle(symbol: Self.symbol, bar: Self.bar(3, 70_000), strategies: [])
        #expect(kernel.orders[order.id]?.status == .rejected)
        let torn = try EngineJournal(path: path).read()  // as a restart after a kill here would see it
        #expect(torn.orders.map(\.status) == [.accepted])
        #expect(torn.orders.first?.activeDay == nil)
        #expect(torn.lastEvent == 1)
        journal.commit(event: kernel.eventIndex, checkpointEvery: .max)
        #expect(try EngineJournal(path: path).read().orders.map(\.status) == [.rejected])
    }
}
