import Foundation
import KumoBrokers
import KumoCore
import KumoEngine
import KumoKIS
import KumoKISSim
import KumoLive
import KumoLua
import KumoScripting
import MetricsTestKit
import Synchronization
import KumoTestSupport
import Testing

/// The whole live engine trading through the KIS simulator over loopback sockets.
@Suite(.serialized) struct LiveKISSessionTests {
    static let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Buys one share every `every` prints until it holds three, then sells two; a limit buy a tick under the print now and then.
    static let churn = """
        local strategy = { params = { every = 6 } }
        local count = 0
        function strategy.on_tick(ctx, tick)
          count = count + 1
          if count % strategy.params.every ~= 0 then return end
          local held = ctx:position(tick.symbol).qty
          if held >= 3 then
            ctx:sell(tick.symbol, 2)
          elseif count % (strategy.params.every * 4) == 0 then
            local quote = ctx:quote(tick.symbol)
            ctx:buy(tick.symbol, 1, { limit = quote and quote.bid or tick.price })
          else
            ctx:buy(tick.symbol, 1)
          end
        end
        return strategy
        """

    /// Orders far past the account's cash once; when KIS's refusal reaches `on_reject` with its code, buys one share under a known id.
    static let overreach = """
        local strategy = {}
        local tried = false
        function strategy.on_tick(ctx, tick)
          if not tried then
            tried = true
            ctx:buy(tick.symbol, 1000000000)
          end
        end
        function strategy.on_reject(ctx, rejection)
          if rejection.reason == 'broker' and rejection.message:find('APBK0952', 1, true) then
            ctx:buy(rejection.symbol, 1, { client_id = 'after-reject' })
          end
        end
        return strategy
        """

    func config(_ harness: SimulatorHarness, folder: URL, script: String = Self.churn, extra: String = "") throws -> LiveConfig {
        try script.write(to: folder.appendingPathComponent("churn.lua"), atomically: true, encoding: .utf8)
        let text = """
            [engine]
            cash = 50000000
            journal = "journal.sqlite"
            socket = "kumo.sock"
            log = "kumo.log"

            [feed]
            symbols = ["005930", "000660"]
            timeframe = "1m"

            [broker]
            kind = "kis"
            env = "\(harness.simulator.settings.environment.rawValue)"
            nextrade_books = \(harness.simulator.settings.nextradeShare > 0)
            account = "50012345-01"
            hts_id = "\(harness.simulator.settings.htsID)"
            rest_url = "\(harness.restURL)"
            ws_url = "\(harness.webSocketURL)"
            calls_per_second = 50
            token_interval = 1
            timeout = 5
            reconcile_every = 2
            token_cache = "token.json"

            [[strategy]]
            file = "churn.lua"
            \(extra)
            """
        do { return try LiveConfig.parse(text, file: "kumo.toml", folder: folder) } catch { throw error }
    }

    func broker(_ config: LiveConfig, _ harness: SimulatorHarness, metrics: TestMetrics? = nil) -> KISBroker {
        var client = KISClientSettings(
            environment: KISEnvironment(rawValue: config.broker.env)!, account: SimulatorHarness.account, restURL: config.broker.restURL, callsPerSecond: config.broker.callsPerSecond,
            tokenCache: config.resolve(config.broker.tokenCache).path)
        client.tokenInterval = config.broker.tokenInterval
        client.timeout = config.broker.timeout
        client.metrics = metrics
        var settings = KISBrokerSettings(client: client, htsID: config.broker.htsID, webSocketURL: config.broker.wsURL)
        settings.nextradeBooks = config.broker.nextradeBooks
        return KISBroker(
            settings: settings,
            credentials: KISCredentials(appKey: harness.simulator.settings.appKey, appSecret: harness.simulator.settings.appSecret))
    }

    /// What a finished session left: the engine's account and orders, for comparing with the simulator's.
    struct Outcome: Sendable {
        var positions: [String: Int64]
        var cash: Price
        var orders: [Order]
        var fills: [Fill]
        var finalReport: ReconciliationReport
        var log: [String]
        var quotedSymbols: [String]
    }

    /// Runs the engine until `drive` returns, then stops it and reconciles once more.
    func session(
        _ harness: SimulatorHarness, folder: URL, script: String = Self.churn, extra: String = "", metrics: TestMetrics? = nil,
        prepare: @escaping @Sendable (LiveEngine) -> Void = { _ in }, drive: @escaping @Sendable () async throws -> Void
    ) async throws -> Outcome {
        let config = try config(harness, folder: folder, script: script, extra: extra)
        let stop = StopSignal()
        let roots = ScriptRoots(project: Self.project)
        let harnessBroker = Box<KISBroker?>(nil)
        let ready = PortBox()
        // The engine blocks its own thread for the whole session, never one of the cooperative pool's.
        let engineRun = Task { () throws -> Outcome in
            try await blocking { try LuaThread.run { () throws -> Outcome in
                // A start that fails still releases the test, which then reads the error.
                defer { Task { await ready.set(1) } }
                let broker = broker(config, harness, metrics: metrics)
                harnessBroker.value = broker
                let engine = try LiveEngine(config: config, roots: roots, broker: broker)
                if let metrics { engine.metrics = EngineMetrics(factory: metrics) }
                prepare(engine)
                try engine.connectBroker()
                let stream = broker.feed
                let feed = Task { try await stream.run() }
                Task { await ready.set(1) }
                _ = engine.run(stop: stop, exitAtEnd: true)
                feed.cancel()
                let final = engine.reconcile(with: try broker.snapshot())
                let positions = engine.kernel.portfolio.positions.filter { $0.value.quantity != 0 }.reduce(into: [String: Int64]()) { $0[$1.key.code] = $1.value.quantity }
                broker.disconnect()
                return Outcome(positions: positions, cash: engine.kernel.portfolio.cash, orders: Array(engine.kernel.orders.values), fills: engine.kernel.fills, finalReport: final, log: engine.log, quotedSymbols: engine.kernel.quotes.keys.map(\.code).sorted())
            } }
        }
        _ = try await ready.wait()
        try await Task.sleep(for: .milliseconds(500))  // the feed subscribes
        do { try await drive() } catch {
            stop.stop("test failed")
            throw error
        }
        try await Task.sleep(for: .seconds(2.5))  // the last replies, notices and a reconciliation
        stop.stop("test done")
        return try await engineRun.value
    }

    /// Checks the engine's account against the simulator's: every broker order is one engine order,
    /// every fill is booked once, and positions and cash agree.
    func expectAgreement(_ outcome: Outcome, _ harness: SimulatorHarness) async {
        let exchange = await harness.simulator.exchange
        let byVenue = Dictionary(grouping: outcome.orders.filter { $0.venueOrderID != nil }, by: { $0.venueOrderID! })
        #expect(byVenue.values.allSatisfy { $0.count == 1 }, "no broker order is two engine orders")
        for order in exchange.orders {
            let mine = byVenue[order.number]?.first
            #expect(mine != nil, "broker order \(order.number) is in the journal")
            let booked = outcome.fills.filter { $0.order == mine?.id }.reduce(Int64(0)) { $0 + $1.quantity }
            #expect(booked == order.filled, "order \(order.number): \(booked) booked, \(order.filled) filled at the broker")
        }
        #expect(outcome.positions == exchange.holdings.filter { $0.value.quantity != 0 }.mapValues(\.quantity))
        #expect(outcome.cash == Price(micros: exchange.cash))
        #expect(outcome.finalReport.isClean && outcome.finalReport.unconfirmed == ReconciliationDifferences(), "a last reconciliation finds nothing: \(outcome.finalReport)")
    }

    @Test func aSessionOfTradesAgreesWithTheBroker() async throws {
        let harness = try await SimulatorHarness.start(callsPerSecond: 50)
        defer { harness.stop() }
        let outcome = try await session(harness, folder: harness.folder) {
            for _ in 0..<120 {
                await harness.simulator.step(1)
                try await Task.sleep(for: .milliseconds(15))
            }
        }
        let exchange = await harness.simulator.exchange
        #expect(exchange.orders.count >= 15, "the strategy traded: \(exchange.orders.count) orders; \(outcome.orders.map { "\($0.id) \($0.status) \($0.reason ?? "")" }) \(outcome.log)")
        #expect(outcome.fills.count >= 10)
        #expect(outcome.quotedSymbols == ["000660", "005930"], "books reached ctx:quote")
        await expectAgreement(outcome, harness)
    }

    @Test func aDroppedFeedAlertsWhileDownAndIsMeasured() async throws {
        let harness = try await SimulatorHarness.start(callsPerSecond: 50) { $0.dropSeconds = 1.5 }
        defer { harness.stop() }
        let metrics = TestMetrics()
        let alerts = Mutex<[AlertMonitor.Alert]>([])
        let outcome = try await session(
            harness, folder: harness.folder, extra: "[alerts]\nbroker_disconnected = 0\nresend_every = 60", metrics: metrics,
            prepare: { engine in
                let monitor = AlertMonitor(rules: engine.config.alerts)
                engine.betweenEvents.append { [unowned engine] in
                    let sent = monitor.check(engine)
                    alerts.withLock { $0 += sent }
                }
            }
        ) {
            for step in 0..<200 {
                if step == 20 { try await harness.simulator.addFault("ws-drop") }
                await harness.simulator.step(1)
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let sent = alerts.withLock { $0 }
        #expect(sent.map(\.key) == ["broker_disconnected", "broker_disconnected"], "\(sent)")
        #expect(sent.map(\.state) == [.firing, .resolved], "fired once while down, resolved once back: \(sent)")
        #expect(sent.first?.message.contains("has been down for") == true)
        #expect(try metrics.expectCounter("kumo_broker_reconnects_total").totalValue == 1)
        #expect(try metrics.expectGauge("kumo_broker_connected").lastValue == 1, "connected again at the end")
        let orders = try metrics.expectTimer("kumo_broker_request_seconds", [("kind", "order")]).values
        #expect(orders.count == outcome.orders.filter { $0.venueOrderID != nil }.count && orders.allSatisfy { $0 > 0 }, "one round trip per order sent")
        #expect(try metrics.expectCounter("kumo_events_total").totalValue > 100)
        #expect(!(try metrics.expectTimer("kumo_journal_commit_seconds").values.isEmpty))
        await expectAgreement(outcome, harness)
    }

    @Test func everyFaultDuringASessionLosesAndDoublesNothing() async throws {
        let harness = try await SimulatorHarness.start(callsPerSecond: 50) { $0.dropSeconds = 1.5 }
        defer { harness.stop() }
        let faults = ["500:order@2", "drop:order@4", "egw00201:order@6", "expire-token:order@8", "slow:order@9", "500:query", "ws-drop@40", "duplicate-notice@3", "reorder-notice@5"]
        let outcome = try await session(harness, folder: harness.folder) {
            for (index, fault) in faults.enumerated() {
                try await harness.simulator.addFault(fault)
                // The market moves until the fault has fired (a loaded machine trades slower), then a little more.
                var steps = 0
                while true {
                    let firedSoFar = await harness.simulator.faults.fired.count
                    guard steps < 24 || (firedSoFar <= index && steps < 400) else { break }
                    await harness.simulator.step(1)
                    steps += 1
                    try await Task.sleep(for: .milliseconds(index == 6 ? 40 : 15))
                }
            }
        }
        let fired = await harness.simulator.faults.fired
        #expect(fired.count == faults.count, "every fault fired: \(fired)")
        #expect(await harness.simulator.exchange.orders.count >= 20 && outcome.fills.count >= 15, "the strategy kept trading through the faults")
        await expectAgreement(outcome, harness)
        #expect(outcome.log.contains { $0.contains("had no reply") }, "the lost replies were looked up")
    }

    @Test func aBrokerRefusalReachesOnRejectWithKISsCode() async throws {
        let harness = try await SimulatorHarness.start(callsPerSecond: 50)
        defer { harness.stop() }
        let outcome = try await session(harness, folder: harness.folder, script: Self.overreach) {
            for _ in 0..<12 {
                await harness.simulator.step(1)
                try await Task.sleep(for: .milliseconds(30))
            }
        }
        let refused = outcome.orders.first { $0.quantity == 1_000_000_000 }
        #expect(refused?.status == .rejected && refused?.rejectionRule == "broker")
        #expect(refused?.reason == "APBK0952 주문가능금액을 초과 했습니다")
        let after = outcome.orders.first { $0.id.value == "after-reject" }
        #expect(after?.status == .filled, "on_reject saw the broker's code and placed its follow-up")
        await expectAgreement(outcome, harness)
    }
}
