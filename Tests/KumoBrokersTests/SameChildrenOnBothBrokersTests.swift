import Foundation
import KumoBrokers
import KumoCore
import KumoData
import KumoEngine
import KumoKIS
import KumoKISSim
import KumoKiwoom
import KumoLive
import KumoLua
import KumoScripting
import KumoTestSupport
import Testing

/// One strategy, unchanged, on the KIS simulator and on the Kiwoom simulator replaying the same
/// market: the parent's children are the same orders, and each session agrees with its broker.
extension LiveKISSessionTests {
    static let day = CivilDate(year: 2026, month: 12, day: 1)!
    static var sameMarket: [(symbol: String, bars: [Bar])] {
        zip(["005930", "000660"], SyntheticMarket(seed: 3, symbols: 2, days: 1, start: day).minuteBars()).map { ($0, $1.bars) }
    }

    /// Buys 150 shares of 005930 by TWAP from 09:04 to 09:16 and, once 40 are held, sells 40 by TWAP from 09:10 to 09:17.
    static let twinParents = """
        local strategy = { timeframe = '1m' }
        local buying, selling
        function strategy.on_bar(ctx, bar)
          if bar.symbol ~= '005930' then return end
          if buying == nil then
            buying = ctx:execute{symbol = '005930', side = 'buy', qty = 150, algo = 'twap', start = '09:04', finish = '09:16', cap = 1}
          end
          if selling == nil and os.date('!%H:%M', bar.time + 9 * 3600) >= '09:09' and ctx:position('005930').qty >= 40 then
            selling = ctx:execute{symbol = '005930', side = 'sell', qty = 40, algo = 'twap', start = '09:10', finish = '09:17', cap = 1}
          end
        end
        return strategy
        """

    /// The children as comparable rows: minute placed, side, quantity, type, and what filled.
    static func children(_ orders: [Order]) -> [String] {
        orders.filter { $0.symbol.code == "005930" && $0.venueOrderID != nil }.sorted { ($0.createdAt, $0.id.value) < ($1.createdAt, $1.id.value) }.map { order in
            let clock = order.createdAt.civil(utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
            return "\(clock.hour):\(clock.minute) \(order.side.rawValue) \(order.quantity) \(order.type.name) filled \(order.filledQuantity)"
        }
    }

    @Test func theSameStrategyGivesTheSameChildrenOnKISAndKiwoom() async throws {
        let stopAt = Timestamp(year: 2026, month: 12, day: 1, hour: 9, minute: 19, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)!
        // KIS.
        let kis = try await SimulatorHarness.start(callsPerSecond: 50) { $0.market = Self.sameMarket }
        defer { kis.stop() }
        let onKIS = try await session(kis, folder: kis.folder, script: Self.twinParents) {
            while await kis.simulator.hasMorePrints, await kis.simulator.exchange.now < stopAt {
                await kis.simulator.step(1)
                try await Task.sleep(for: .milliseconds(8))
            }
        }
        await expectAgreement(onKIS, kis)
        // Kiwoom.
        let kiwoom = try await KiwoomHarness.start(market: Self.sameMarket)
        defer { kiwoom.stop() }
        let onKiwoom = try await kiwoomSession(kiwoom, script: Self.twinParents) {
            while await kiwoom.simulator.hasMorePrints, await kiwoom.simulator.exchange.now < stopAt {
                await kiwoom.simulator.step(1)
                try await Task.sleep(for: .milliseconds(8))
            }
        }
        let exchange = await kiwoom.simulator.exchange
        #expect(onKiwoom.positions == exchange.holdings.filter { $0.value.quantity != 0 }.mapValues(\.quantity), "the engine holds what Kiwoom holds")
        #expect(onKiwoom.cash == Price(micros: exchange.cash))
        #expect(onKiwoom.finalReport.isClean, "a last reconciliation with Kiwoom finds nothing: \(onKiwoom.finalReport)")

        let kisChildren = Self.children(onKIS.orders), kiwoomChildren = Self.children(onKiwoom.orders)
        #expect(kisChildren.count >= 12, "\(kisChildren)")
        #expect(kisChildren == kiwoomChildren, "KIS \(kisChildren)\nKiwoom \(kiwoomChildren)")
        #expect(onKIS.positions == ["005930": 110] && onKiwoom.positions == ["005930": 110], "\(onKIS.positions) \(onKiwoom.positions)")
    }
}

/// The Kiwoom simulator on a loopback port for one test.
final class KiwoomHarness: Sendable {
    let simulator: KiwoomSimulator
    let port: Int
    let task: Task<Void, any Error>
    let folder: URL

    static func start(environment: KiwoomEnvironment = .mock, market: [(symbol: String, bars: [Bar])]) async throws -> KiwoomHarness {
        let simulator = KiwoomSimulator(settings: KiwoomSimulatorSettings(environment: environment, market: market))
        let ready = PortBox()
        let task = Task { try await KiwoomSimulatorServer.run(simulator, port: 0) { await ready.set($0) } }
        let port = try await ready.wait()
        await simulator.step(8)  // every symbol has a price and a day
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-kiwoom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return KiwoomHarness(simulator: simulator, port: port, task: task, folder: folder)
    }

    init(simulator: KiwoomSimulator, port: Int, task: Task<Void, any Error>, folder: URL) {
        self.simulator = simulator
        self.port = port
        self.task = task
        self.folder = folder
    }

    func stop() {
        task.cancel()
        try? FileManager.default.removeItem(at: folder)
    }
}

extension LiveKISSessionTests {
    /// The live engine trading through the Kiwoom simulator until `drive` returns.
    func kiwoomSession(_ harness: KiwoomHarness, script: String, drive: @escaping @Sendable () async throws -> Void) async throws -> Outcome {
        try script.write(to: harness.folder.appendingPathComponent("strategy.lua"), atomically: true, encoding: .utf8)
        let text = """
            [engine]
            cash = 50000000
            journal = "journal.sqlite"
            socket = "kumo.sock"

            [feed]
            symbols = ["005930", "000660"]
            timeframe = "1m"

            [broker]
            kind = "kiwoom"
            env = "mock"
            rest_url = "http://127.0.0.1:\(harness.port)"
            ws_url = "ws://127.0.0.1:\(harness.port)/api/dostk/websocket"
            calls_per_second = 50
            timeout = 1
            reconcile_every = 2

            [[strategy]]
            file = "strategy.lua"
            """
        let config = try LiveConfig.parse(text, file: "kumo.toml", folder: harness.folder)
        var settings = KiwoomSettings(
            environment: .mock, appKey: harness.simulator.settings.appKey, secretKey: harness.simulator.settings.secretKey, restURL: config.broker.restURL,
            webSocketURL: config.broker.wsURL)
        settings.callsPerSecond = 50
        settings.timeout = 1
        settings.tradingDay = { Self.day }
        let brokerSettings = settings
        let stop = StopSignal()
        let roots = ScriptRoots(project: Self.project)
        let ready = PortBox()
        let engineRun = Task { () throws -> Outcome in
            try await blocking { try LuaThread.run { () throws -> Outcome in
                defer { Task { await ready.set(1) } }
                let broker = KiwoomBroker(settings: brokerSettings)
                let engine = try LiveEngine(config: config, roots: roots, broker: broker)
                try engine.connectBroker()
                let feed = Task { await broker.runFeed() }
                Task { await ready.set(1) }
                _ = engine.run(stop: stop, exitAtEnd: true)
                feed.cancel()
                let final = engine.reconcile(with: try broker.snapshot())
                let positions = engine.kernel.portfolio.positions.filter { $0.value.quantity != 0 }.reduce(into: [String: Int64]()) { $0[$1.key.code] = $1.value.quantity }
                return Outcome(
                    positions: positions, cash: engine.kernel.portfolio.cash, orders: Array(engine.kernel.orders.values), fills: engine.kernel.fills, finalReport: final,
                    log: engine.log, quotedSymbols: engine.kernel.quotes.keys.map(\.code).sorted())
            } }
        }
        _ = try await ready.wait()
        try await Task.sleep(for: .milliseconds(500))  // the feed logs in and registers
        do { try await drive() } catch {
            stop.stop("test failed")
            throw error
        }
        try await Task.sleep(for: .seconds(2.5))  // the last replies, notices and a reconciliation
        stop.stop("test done")
        return try await engineRun.value
    }
}

extension LiveKISSessionTests {
    /// Kiwoom's tokens expire mid-session and the WebSocket drops: the feed logs in again with a new
    /// token, REST calls get one too, trading resumes, and the account agrees with the broker.
    @Test func aKiwoomSessionOutlivesAnExpiredTokenAndADroppedFeed() async throws {
        let stopAt = Timestamp(year: 2026, month: 12, day: 1, hour: 9, minute: 19, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)!
        let kiwoom = try await KiwoomHarness.start(market: Self.sameMarket)
        defer { kiwoom.stop() }
        let outcome = try await kiwoomSession(kiwoom, script: Self.twinParents) {
            var step = 0
            while await kiwoom.simulator.hasMorePrints, await kiwoom.simulator.exchange.now < stopAt {
                if step == 40 {
                    await kiwoom.simulator.expireTokens()
                    await kiwoom.simulator.dropSessions()
                }
                await kiwoom.simulator.step(1)
                step += 1
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        let calls = await kiwoom.simulator.callsByAPI
        #expect((calls["au10001"] ?? 0) >= 2, "a new token after the expiry: \(calls)")
        #expect(outcome.log.contains { $0.contains("Kiwoom refused LOGIN") }, "the old token was refused at login: \(outcome.log.suffix(6))")
        // Prints missed while the feed was down are gone; what traded is the broker's account exactly.
        let exchange = await kiwoom.simulator.exchange
        #expect(outcome.positions == exchange.holdings.filter { $0.value.quantity != 0 }.mapValues(\.quantity), "\(outcome.positions)")
        #expect(outcome.cash == Price(micros: exchange.cash) && outcome.finalReport.isClean, "\(outcome.finalReport)")
        let dropped = try #require(Timestamp(year: 2026, month: 12, day: 1, hour: 9, minute: 12, utcOffsetSeconds: KRXSessions.utcOffsetSeconds))
        #expect(outcome.fills.contains { $0.time > dropped }, "the engine traded again after the feed came back: \(outcome.fills.map(\.time).suffix(3))")
    }
}
