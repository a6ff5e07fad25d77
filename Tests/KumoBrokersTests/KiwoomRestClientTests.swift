import Foundation
import KumoBrokers
import KumoCore
import KumoData
import KumoKISSim
import KumoKiwoom
import KumoTestSupport
import Testing

/// The Kiwoom REST client against the simulator over loopback: a refused token is replaced and
/// the call made again; refusals keep Kiwoom's code and message; a mock account takes KRX only.
struct KiwoomRestClientTests {
    func withSimulator(_ body: @escaping @Sendable (KiwoomHarness, KiwoomRestClient) throws -> Void) async throws {
        let market = zip(["005930", "000660"], SyntheticMarket(seed: 3, symbols: 2, days: 1, start: CivilDate(year: 2026, month: 12, day: 1)!).minuteBars()).map { ($0, $1.bars) }
        let harness = try await KiwoomHarness.start(market: market)
        defer { harness.stop() }
        var settings = KiwoomSettings(
            environment: .mock, appKey: harness.simulator.settings.appKey, secretKey: harness.simulator.settings.secretKey, restURL: "http://127.0.0.1:\(harness.port)")
        settings.callsPerSecond = 50
        settings.timeout = 10
        let client = KiwoomRestClient(settings: settings)
        try await blocking { try body(harness, client) }
    }

    @Test func anExpiredTokenIsReplacedAndTheCallMadeAgain() async throws {
        try await withSimulator { harness, client in
            let order = KiwoomOrderRequest(exchange: "KRX", symbol: "005930", quantity: 1, price: nil, tradeType: KiwoomOrderRequest.market)
            guard case .answered(let first) = client.call(.buy, order, as: KiwoomOrderResponse.self) else { Issue.record("the first order was not taken"); return }
            #expect(first.orderNumber?.isEmpty == false)
            let expired = DispatchSemaphore(value: 0)
            Task {
                await harness.simulator.expireTokens()
                expired.signal()
            }
            expired.wait()
            guard case .answered = client.call(.buy, order, as: KiwoomOrderResponse.self) else { Issue.record("the order after expiry was not taken"); return }
            #expect(client.tokensIssued == 2, "a new token after 8005: \(client.tokensIssued)")
            // Token, order, the refused order, token, order again.
            #expect(client.callCount == 5)
        }
    }

    @Test func refusalsKeepKiwoomsCodeAndMessage() async throws {
        try await withSimulator { _, client in
            let nxt = KiwoomOrderRequest(exchange: "NXT", symbol: "005930", quantity: 1, price: 70_000, tradeType: KiwoomOrderRequest.limit)
            guard case .refused(let code, let message) = client.call(.buy, nxt, as: KiwoomOrderResponse.self) else { Issue.record("an NXT order was taken on mock"); return }
            #expect(code == 20 && message.contains("KRX"), "\(code) \(message)")
            let huge = KiwoomOrderRequest(exchange: "KRX", symbol: "005930", quantity: 1_000_000_000, price: nil, tradeType: KiwoomOrderRequest.market)
            guard case .refused(_, let cash) = client.call(.buy, huge, as: KiwoomOrderResponse.self) else { Issue.record("an order past the cash was taken"); return }
            #expect(cash.contains("주문가능금액을 초과"), "\(cash)")
            guard case .answered(let balance) = client.call(.balance, KiwoomBalanceRequest(), as: KiwoomBalanceResponse.self) else { Issue.record("no balance"); return }
            #expect(balance.holdings.isEmpty)
        }
    }
}
