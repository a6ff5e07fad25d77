import Foundation
import KumoBrokers
import KumoCore
import KumoKIS
import KumoKISSim
import KumoTestSupport
import Testing

/// The REST client against the simulator over loopback sockets.
@Suite(.serialized) struct KISRestClientTests {
    /// POSTs to the simulator's control API (`/sim/step`, `/sim/fault`).
    static func control(_ url: String, _ path: String, body: String = "") throws -> String {
        let reply = try CurlTransport(timeout: 5).send(method: "POST", url: url + path, headers: [], body: Data(body.utf8))
        return String(decoding: reply.body, as: UTF8.self)
    }

    @Test func tokenIsCachedOnDiskAndReusedByTheNextClient() async throws {
        let harness = try await SimulatorHarness.start(callsPerSecond: 20)
        defer { harness.stop() }
        let settings = harness.settings()
        let credentials = KISCredentials(appKey: harness.simulator.settings.appKey, appSecret: harness.simulator.settings.appSecret)
        let issued = try await blocking { () throws -> (Int, Int) in
            let first = KISRestClient(settings: settings, credentials: credentials)
            _ = try first.currentPrice("005930")
            let second = KISRestClient(settings: settings, credentials: credentials)
            _ = try second.currentPrice("000660")
            return (first.tokensIssued, second.tokensIssued)
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: settings.tokenCache!)
        let calls = await harness.simulator.callsByTR
        #expect(issued == (1, 0))
        #expect(calls["/oauth2/tokenP"] == 1)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let cached = try String(contentsOfFile: settings.tokenCache!, encoding: .utf8)
        #expect(!cached.contains(credentials.appKey) && !cached.contains(credentials.appSecret))
    }

    @Test func wrongCredentialsStopWithTheKISMessage() async throws {
        let harness = try await SimulatorHarness.start()
        defer { harness.stop() }
        let settings = harness.settings()
        let outcome = try await blocking { () -> String in
            do {
                _ = try KISRestClient(settings: settings, credentials: KISCredentials(appKey: "PSwrong", appSecret: "nope")).accessToken()
                return "no error"
            } catch { return "\(error)" }
        }
        #expect(outcome.contains("EGW00103") && outcome.contains("유효하지 않은 AppKey"))
    }

    @Test func orderFillsAndShowsInFillsBalanceAndBuyingPower() async throws {
        let harness = try await SimulatorHarness.start(callsPerSecond: 20)
        defer { harness.stop() }
        let client = Box(await harness.client())
        let url = harness.restURL
        let result = try await blocking { () throws -> (KISOrderOutcome, [KISDailyOrder], [KISHolding], KISBuyingPower, KISBuyingPower) in
            let price = try client.value.currentPrice("005930")
            let before = try client.value.buyingPower(symbol: "005930", price: price.last)
            var order = KISCashOrder(account: SimulatorHarness.account, symbol: "005930", isBuy: true, division: .market, quantity: 3, price: Price(micros: 0))
            order.exchange = "KRX"
            let outcome = client.value.submit(order)
            _ = try Self.control(url, "/sim/step?count=8")
            let orders = try client.value.dailyOrders(from: "20240101", to: "20991231")
            let balance = try client.value.balance()
            let after = try client.value.buyingPower(symbol: "005930", price: price.last)
            return (outcome, orders, balance.holdings, before, after)
        }
        guard case .accepted(let receipt) = result.0 else {
            Issue.record("the order was not accepted: \(result.0)")
            return
        }
        #expect(receipt.orderNumber.count == 10 && receipt.branch == "06010")
        #expect(result.1.count == 1 && result.1[0].orderNumber == receipt.orderNumber)
        #expect(result.1[0].filledQuantity == 3 && result.1[0].remaining == 0)
        #expect(result.2.map(\.symbol) == ["005930"] && result.2[0].quantity == 3)
        #expect(result.4.orderableCash < result.3.orderableCash)
        let exchange = await harness.simulator.exchange
        #expect(exchange.holdings["005930"]?.quantity == 3)
    }

    @Test func overTheOrderableAmountIsRefusedWithAPBK0952() async throws {
        let harness = try await SimulatorHarness.start(callsPerSecond: 20) { $0.cash = 1_000 }
        defer { harness.stop() }
        let client = Box(await harness.client())
        let outcome = try await blocking {
            client.value.submit(KISCashOrder(account: SimulatorHarness.account, symbol: "005930", isBuy: true, division: .market, quantity: 100, price: Price(micros: 0)))
        }
        guard case .refused(let error) = outcome else {
            Issue.record("expected a refusal, got \(outcome)")
            return
        }
        #expect(error.code == KISCode.insufficientCash && error.message == "주문가능금액을 초과 했습니다")
        #expect(await harness.simulator.exchange.orders.isEmpty)
    }

    @Test func rateLimitedOrderIsSentAgainAndPlacedOnce() async throws {
        let harness = try await SimulatorHarness.start(callsPerSecond: 20)
        defer { harness.stop() }
        try await harness.simulator.addFault("egw00201:order")
        let client = Box(await harness.client())
        let outcome = try await blocking {
            client.value.submit(KISCashOrder(account: SimulatorHarness.account, symbol: "005930", isBuy: true, division: .market, quantity: 1, price: Price(micros: 0)))
        }
        guard case .accepted = outcome else {
            Issue.record("expected the resent order to be accepted, got \(outcome)")
            return
        }
        #expect(await harness.simulator.exchange.orders.count == 1)
        #expect(await harness.simulator.faults.fired == ["egw00201:order"])
        #expect(client.value.retryCount == 1)
    }

    @Test func lostOrderReplyIsUnknownAndFoundByLookingItUp() async throws {
        let harness = try await SimulatorHarness.start(callsPerSecond: 20)
        defer { harness.stop() }
        try await harness.simulator.addFault("drop:order")
        let client = Box(await harness.client(timeout: 1))
        let (outcome, found) = try await blocking { () throws -> (KISOrderOutcome, [KISDailyOrder]) in
            let low = try client.value.currentPrice("005930").lowerLimit
            let outcome = client.value.submit(KISCashOrder(account: SimulatorHarness.account, symbol: "005930", isBuy: true, division: .limit, quantity: 2, price: low))
            return (outcome, try client.value.dailyOrders(from: "20240101", to: "20991231"))
        }
        guard case .unknown = outcome else {
            Issue.record("a dropped reply must be unknown, not \(outcome)")
            return
        }
        let orders = await harness.simulator.exchange.orders
        #expect(orders.count == 1, "the order reached the simulator once and was not resent")
        #expect(found.map(\.orderNumber) == orders.map(\.number))
    }

    @Test func serverErrorOnAnOrderIsUnknownAndNothingWasPlaced() async throws {
        let harness = try await SimulatorHarness.start(callsPerSecond: 20)
        defer { harness.stop() }
        try await harness.simulator.addFault("500:order")
        let client = Box(await harness.client())
        let outcome = try await blocking {
            client.value.submit(KISCashOrder(account: SimulatorHarness.account, symbol: "005930", isBuy: true, division: .market, quantity: 1, price: Price(micros: 0)))
        }
        guard case .unknown(let why) = outcome else {
            Issue.record("expected unknown, got \(outcome)")
            return
        }
        #expect(why.contains("500"))
        #expect(await harness.simulator.exchange.orders.isEmpty)
    }

    @Test func queriesRetryServerErrorsAndRenewAnExpiredTokenOnce() async throws {
        let harness = try await SimulatorHarness.start(callsPerSecond: 20)
        defer { harness.stop() }
        let client = Box(await harness.client())
        _ = try await blocking { try client.value.currentPrice("005930") }
        try await Task.sleep(for: .seconds(1.1))  // past the simulator's one-second token interval
        try await harness.simulator.addFault("500:query")
        try await harness.simulator.addFault("expire-token:query@2")
        let price = try await blocking { try client.value.currentPrice("005930") }
        #expect(price.last.micros > 0)
        #expect(client.value.tokensIssued == 2)
        #expect(client.value.retryCount >= 1)
        #expect(await harness.simulator.faults.fired == ["500:query", "expire-token:query"])
    }

    @Test func paperCallsKeepToOneASecond() async throws {
        let harness = try await SimulatorHarness.start()  // paper: 1 call a second at the simulator too
        defer { harness.stop() }
        let client = Box(await harness.client())
        let started = Date()
        _ = try await blocking { () throws -> Int in
            for _ in 0..<3 { _ = try client.value.currentPrice("005930") }
            return 0
        }
        let elapsed = Date().timeIntervalSince(started)
        let refused = await harness.simulator.refusedCalls
        #expect(refused.isEmpty, "the simulator refused \(refused)")
        #expect(elapsed >= 2.9, "4 calls (token + 3) at 1/s take at least 3 s")
    }

    @Test func dailyOrdersFollowEveryPage() async throws {
        let harness = try await SimulatorHarness.start(callsPerSecond: 100)  // paper pages hold 15 orders
        defer { harness.stop() }
        let client = Box(await harness.client())
        let orders = try await blocking { () throws -> [KISDailyOrder] in
            let low = try client.value.currentPrice("000660").lowerLimit
            for _ in 0..<17 {
                _ = client.value.submit(KISCashOrder(account: SimulatorHarness.account, symbol: "000660", isBuy: true, division: .limit, quantity: 1, price: low))
            }
            return try client.value.dailyOrders(from: "20240101", to: "20991231")
        }
        #expect(orders.count == 17)
        #expect(Set(orders.map(\.orderNumber)).count == 17)
        #expect(await harness.simulator.callsByTR["VTTC0081R"] == 2)
    }

    @Test func realTRIdsAreRefusedByThePaperHost() async throws {
        let harness = try await SimulatorHarness.start(callsPerSecond: 20)
        defer { harness.stop() }
        var real = harness.settings()
        real.environment = .real
        let settings = real
        let credentials = KISCredentials(appKey: harness.simulator.settings.appKey, appSecret: harness.simulator.settings.appSecret)
        let outcome = try await blocking {
            KISRestClient(settings: settings, credentials: credentials).submit(
                KISCashOrder(account: SimulatorHarness.account, symbol: "005930", isBuy: true, division: .market, quantity: 1, price: Price(micros: 0)))
        }
        guard case .refused(let error) = outcome else {
            Issue.record("expected the paper host to refuse TTTC0012U, got \(outcome)")
            return
        }
        #expect(error.message.contains("TTTC0012U"))
        #expect(await harness.simulator.exchange.orders.isEmpty)
    }
}
