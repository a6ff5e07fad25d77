import KumoCore
import KumoKIS
import KumoKISSim
import Testing

/// The simulator's two books: an order routed to KRX or NXT fills only on its venue's prints, an
/// SOR order on whichever reaches it first, and NXT refuses market orders as KIS's table says.
struct SimulatedVenuesTests {
    static let account = try! KISAccount(number: "50012345", product: "01")
    static let open = Timestamp(year: 2026, month: 12, day: 3, hour: 10, minute: 0, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)!
    static func at(_ seconds: Int64) -> Timestamp { Timestamp(nanoseconds: open.nanoseconds + seconds * 1_000_000_000) }

    static func order(_ exchange: String, limit: Int64?, quantity: Int64 = 10) -> KISCashOrder {
        var order = KISCashOrder(
            account: account, symbol: "005930", isBuy: true, division: limit == nil ? .market : .limit, quantity: quantity, price: Price(units: limit ?? 0))
        order.exchange = exchange
        return order
    }

    @Test func eachRouteFillsOnItsOwnVenuesPrints() throws {
        var exchange = SimulatedExchange(cash: 100_000_000)
        _ = exchange.replay(.init(symbol: "005930", time: Self.at(0), price: Price(units: 70_000), quantity: 1_000))
        let krx = try exchange.place(Self.order("KRX", limit: 70_000)).get().0
        let nxt = try exchange.place(Self.order("NXT", limit: 70_000)).get().0
        let sor = try exchange.place(Self.order("SOR", limit: 70_000)).get().0
        // An NXT print reaches the NXT and the SOR orders, not the KRX one.
        let first = exchange.replay(.init(symbol: "005930", time: Self.at(5), price: Price(units: 69_900), quantity: 1_000, venue: .nxt))
        let filled = first.compactMap { notice -> (String, TradingVenue)? in
            if case .filled(let order, _, _, _, let venue) = notice { (order.number, venue) } else { nil }
        }
        #expect(filled.map(\.0) == [nxt.number, sor.number] && filled.allSatisfy { $0.1 == .nxt })
        // The next KRX print fills the KRX order.
        let second = exchange.replay(.init(symbol: "005930", time: Self.at(15), price: Price(units: 70_000), quantity: 1_000))
        #expect(second.count == 1)
        if case .filled(let order, 10, _, _, .krx)? = second.first { #expect(order.number == krx.number) } else { Issue.record("\(second)") }
        #expect(exchange.orders.map(\.route) == [.krx, .nxt, .sor])
    }

    @Test func nextradeRefusesMarketOrdersAndUnknownExchangesAreNamed() {
        var exchange = SimulatedExchange(cash: 100_000_000)
        _ = exchange.replay(.init(symbol: "005930", time: Self.at(0), price: Price(units: 70_000), quantity: 1_000))
        guard case .failure(let market) = exchange.place(Self.order("NXT", limit: nil)) else { Issue.record("an NXT market order was taken"); return }
        #expect(market.code == "APBK1741" && market.message.contains("NXT"))
        guard case .failure(let unknown) = exchange.place(Self.order("NYSE", limit: 70_000)) else { Issue.record("an unknown exchange was taken"); return }
        #expect(unknown.message.contains("'NYSE'"))
        // A market order by SOR is taken (KIS routes it).
        #expect((try? exchange.place(Self.order("SOR", limit: nil)).get()) != nil)
    }
}
