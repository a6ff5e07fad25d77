import Foundation
import KumoBrokers
import KumoCore
import KumoKIS
import KumoKISSim
import KumoTestSupport
import Testing

/// Collects what a real-time client delivers.
actor EventLog {
    var events: [KISRealtimeEvent] = []
    func add(_ event: KISRealtimeEvent) { events.append(event) }
    var trades: [KISTrade] { events.compactMap { if case .trade(let trade) = $0 { trade } else { nil } } }
    var books: [KISOrderBook] { events.compactMap { if case .book(let book, _) = $0 { book } else { nil } } }
    var notices: [KISExecutionNotice] { events.compactMap { if case .notice(let notice) = $0 { notice } else { nil } } }
    var connections: Int { events.filter { if case .connected = $0 { true } else { false } }.count }
    var refusals: [KISControlReply] { events.compactMap { if case .refused(let reply) = $0 { reply } else { nil } } }
    var malformed: Int { events.filter { if case .malformed = $0 { true } else { false } }.count }
}

/// Waits up to `seconds` for `condition`.
func eventually(_ seconds: Double = 5, _ condition: () async -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return await condition()
}

@Suite(.serialized) struct KISRealtimeClientTests {
    /// A client streaming into a log. The approval key's request gets 10 s: on a loaded machine
    /// the simulator can be slow to answer, and a failure fails the test, not the run.
    func connect(_ harness: SimulatorHarness, maxRegistrations: Int = 41) async throws -> (KISRealtimeClient, EventLog, Task<Void, Never>) {
        let client = Box(await harness.client(callsPerSecond: 20, timeout: 10))
        let key = try await blocking { try client.value.approvalKey() }
        let realtime = KISRealtimeClient(url: harness.webSocketURL, maxRegistrations: maxRegistrations) { key }
        let log = EventLog()
        let task = Task { await realtime.run { await log.add($0) } }
        return (realtime, log, task)
    }

    @Test func tradesBooksAndEncryptedNoticesArrive() async throws {
        let harness = try await SimulatorHarness.start(callsPerSecond: 20)
        defer { harness.stop() }
        let (realtime, log, task) = try await connect(harness)
        defer { task.cancel() }
        try await realtime.subscribe(KISSubscription(trID: "H0STCNT0", trKey: "005930"))
        try await realtime.subscribe(KISSubscription(trID: "H0STASP0", trKey: "005930"))
        try await realtime.subscribe(KISSubscription(trID: harness.simulator.settings.environment.noticeTR, trKey: harness.simulator.settings.htsID))
        #expect(try await eventually { await log.connections == 1 })
        try await Task.sleep(for: .milliseconds(200))
        await harness.simulator.step(8)
        #expect(try await eventually { await log.trades.count == 4 })
        #expect(try await eventually { await log.books.count == 4 })
        let client = Box(await harness.client(callsPerSecond: 20))
        _ = try await blocking {
            client.value.submit(KISCashOrder(account: SimulatorHarness.account, symbol: "005930", isBuy: true, division: .market, quantity: 2, price: Price(micros: 0)))
        }
        await harness.simulator.step(4)
        #expect(try await eventually { await log.notices.count == 2 })
        let notices = await log.notices
        #expect(notices.map(\.kind) == [.accepted, .filled])
        #expect(notices[1].quantity == 2 && notices[1].isBuy && notices[1].symbol == "005930")
        let trades = await log.trades
        let exchange = await harness.simulator.exchange
        #expect(trades.last?.price == exchange.last["005930"]?.price)
        #expect(await log.malformed == 0)
    }

    @Test func dropReconnectsAndResubscribes() async throws {
        let harness = try await SimulatorHarness.start(callsPerSecond: 20)
        defer { harness.stop() }
        let (realtime, log, task) = try await connect(harness)
        defer { task.cancel() }
        try await realtime.subscribe(KISSubscription(trID: "H0STCNT0", trKey: "000660"))
        #expect(try await eventually { await log.connections == 1 })
        try await Task.sleep(for: .milliseconds(200))
        try await harness.simulator.addFault("ws-drop")
        await harness.simulator.step(8)  // the first frame closes the session instead
        #expect(try await eventually { await log.connections == 2 })
        try await Task.sleep(for: .milliseconds(300))
        await harness.simulator.step(8)
        #expect(try await eventually { await log.trades.count == 4 }, "after the drop, the resubscribed feed delivers again")
        #expect(await harness.simulator.registrations == 1)
    }

    @Test func registrationsPastTheLimitAreRefused() async throws {
        let harness = try await SimulatorHarness.start(callsPerSecond: 20) { $0.maxRegistrations = 3 }
        defer { harness.stop() }
        let (realtime, log, task) = try await connect(harness, maxRegistrations: 41)
        defer { task.cancel() }
        for code in ["005930", "000660", "035420", "051910"] { try await realtime.subscribe(KISSubscription(trID: "H0STCNT0", trKey: code)) }
        #expect(try await eventually { await log.refusals.count == 1 })
        #expect(await log.refusals.first?.code == "OPSP0008")
        let limited = KISRealtimeClient(url: harness.webSocketURL, maxRegistrations: 2) { "unused" }
        try await limited.subscribe(KISSubscription(trID: "H0STCNT0", trKey: "005930"))
        try await limited.subscribe(KISSubscription(trID: "H0STCNT0", trKey: "000660"))
        await #expect(throws: BrokerError.self) { try await limited.subscribe(KISSubscription(trID: "H0STCNT0", trKey: "035420")) }
    }

    @Test func pingPongIsEchoed() async throws {
        let harness = try await SimulatorHarness.start(callsPerSecond: 20) { $0.pingInterval = 0.2 }
        defer { harness.stop() }
        let (realtime, log, task) = try await connect(harness)
        defer { task.cancel() }
        try await realtime.subscribe(KISSubscription(trID: "H0STCNT0", trKey: "005930"))
        #expect(try await eventually { await log.connections == 1 })
        #expect(try await eventually { await harness.simulator.echoesReceived >= 2 })
        #expect(await log.connections == 1)
    }

    @Test func duplicateAndReorderedNoticesAreDeliveredAsSent() async throws {
        let harness = try await SimulatorHarness.start(callsPerSecond: 20)
        defer { harness.stop() }
        let (realtime, log, task) = try await connect(harness)
        defer { task.cancel() }
        try await realtime.subscribe(KISSubscription(trID: harness.simulator.settings.environment.noticeTR, trKey: harness.simulator.settings.htsID))
        #expect(try await eventually { await log.connections == 1 })
        try await Task.sleep(for: .milliseconds(200))
        try await harness.simulator.addFault("reorder-notice")
        try await harness.simulator.addFault("duplicate-notice")
        let client = Box(await harness.client(callsPerSecond: 20))
        _ = try await blocking {
            client.value.submit(KISCashOrder(account: SimulatorHarness.account, symbol: "005930", isBuy: true, division: .market, quantity: 1, price: Price(micros: 0)))
        }
        await harness.simulator.step(4)
        #expect(try await eventually { await log.notices.count == 3 })
        #expect(await log.notices.map(\.kind) == [.filled, .filled, .accepted])
    }

    @Test func aMalformedFrameIsReportedWithItsTRAndSkipped() async throws {
        let harness = try await SimulatorHarness.start(callsPerSecond: 20)
        defer { harness.stop() }
        let (realtime, log, task) = try await connect(harness)
        defer { task.cancel() }
        try await realtime.subscribe(KISSubscription(trID: "H0STCNT0", trKey: "005930"))
        #expect(try await eventually { await log.connections == 1 })
        try await Task.sleep(for: .milliseconds(200))
        try await harness.simulator.addFault("garbled")
        await harness.simulator.step(8)
        #expect(try await eventually { await log.trades.count == 3 }, "the frames after the garbled one still arrive")
        let malformed = await log.events.compactMap { if case .malformed(let tr, let message) = $0 { "\(tr): \(message)" } else { nil } }
        #expect(malformed.count == 1 && malformed[0].hasPrefix("H0STCNT0: ") && malformed[0].contains("fields"), "\(malformed)")
        #expect(await log.connections == 1, "a bad frame does not drop the session")
    }
}
