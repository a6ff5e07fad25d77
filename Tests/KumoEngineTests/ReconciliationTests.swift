import KumoCore
import KumoEngine
import Testing

struct ReconciliationTests {
    let symbol = VenueHarness.symbol

    func harness() -> (VenueHarness, RecordingGateway) { VenueHarness.brokered() }

    func record(_ number: String, _ side: OrderSide, _ quantity: Int64, limit: Int64? = nil, filled: Int64 = 0, amount: Int64 = 0, cancelled: Int64 = 0, rejected: Int64 = 0, original: String = "") -> BrokerSnapshot.OrderRecord {
        BrokerSnapshot.OrderRecord(
            venueOrderID: number, originalVenueOrderID: original, symbol: symbol, side: side, quantity: quantity, limit: limit.map { .won($0) },
            filledQuantity: filled, filledAmount: .won(amount), remaining: quantity - filled - cancelled - rejected, cancelled: cancelled, rejected: rejected,
            time: Timestamp(seconds: 0))
    }

    @Test func missingFillsAreAppliedAtTheBrokersAveragePrice() {
        let (harness, _) = harness()
        let order = harness.submit(.buy, 10, .limit(.won(70_000)))
        harness.kernel.handle(.accepted(order.id, venueOrderID: "A1"), strategies: [])
        harness.kernel.handle(.filled(order.id, quantity: 4, price: .won(70_000), time: harness.kernel.now), strategies: [])
        let cash = harness.kernel.portfolio.cash
        let snapshot = BrokerSnapshot(
            holdings: [.init(symbol: symbol, quantity: 10, averagePrice: .won(69_940))], cash: Price(micros: cash.micros - 6 * 69_900 * Price.scale),
            orders: [record("A1", .buy, 10, limit: 70_000, filled: 10, amount: 4 * 70_000 + 6 * 69_900)])
        let report = harness.kernel.reconcile(with: snapshot, strategies: [])
        #expect(report.missingFills == [order.id])
        #expect(harness.prices == [70_000, 69_900])
        #expect(harness.order(order).status == .filled)
        #expect(report.positions.isEmpty && report.cashChange == Price(micros: 0))
        #expect(harness.kernel.reconcile(with: snapshot, strategies: []).isClean, "a second pass finds nothing")
    }

    @Test func lostReplyIsFoundOrRejectedWithoutResending() {
        let (harness, gateway) = harness()
        let found = harness.submit(.buy, 3, .limit(.won(69_500)))
        let lost = harness.submit(.buy, 2)
        let report = harness.kernel.reconcile(
            with: BrokerSnapshot(holdings: [], cash: harness.kernel.portfolio.cash, orders: [record("B7", .buy, 3, limit: 69_500)], unanswered: [found.id, lost.id]),
            strategies: [])
        #expect(report.found == [found.id] && harness.order(found).venueOrderID == "B7" && harness.order(found).status == .accepted)
        #expect(report.notPlaced == [lost.id] && harness.order(lost).status == .rejected)
        #expect(gateway.submitted.count == 2, "nothing was sent again")
    }

    @Test func unknownBrokerOrdersAreAdoptedAndPositionsFollowTheBroker() {
        let (harness, _) = harness()
        let snapshot = BrokerSnapshot(
            holdings: [.init(symbol: symbol, quantity: 5, averagePrice: .won(70_000))], cash: .won(1_000_000),
            orders: [record("C1", .buy, 5, filled: 5, amount: 350_000), record("C2", .sell, 1, limit: 72_000)])
        let report = harness.kernel.reconcile(with: snapshot, strategies: [])
        #expect(report.adopted == [ClientOrderID("broker-C1"), ClientOrderID("broker-C2")])
        #expect(harness.kernel.portfolio.position(symbol).quantity == 5)
        #expect(harness.kernel.portfolio.cash == .won(1_000_000))
        #expect(harness.kernel.openOrders().map(\.id) == [ClientOrderID("broker-C2")])
    }

    @Test func ordersTheBrokerFinishedAreClosed() {
        let (harness, _) = harness()
        let cancelled = harness.submit(.buy, 4, .limit(.won(69_000)))
        let rejected = harness.submit(.buy, 4, .limit(.won(68_000)))
        harness.kernel.handle(.accepted(cancelled.id, venueOrderID: "D1"), strategies: [])
        harness.kernel.handle(.accepted(rejected.id, venueOrderID: "D2"), strategies: [])
        let report = harness.kernel.reconcile(
            with: BrokerSnapshot(holdings: [], cash: harness.kernel.portfolio.cash, orders: [record("D1", .buy, 4, limit: 69_000, cancelled: 4), record("D2", .buy, 4, limit: 68_000, rejected: 4)]),
            strategies: [])
        #expect(report.closed.count == 2)
        #expect(harness.order(cancelled).status == .cancelled && harness.order(rejected).status == .rejected)
    }

    @Test func whileTheFeedRunsADifferenceIsActedOnOnlyWhenTheNextSnapshotConfirmsIt() {
        let (harness, _) = harness()
        let order = harness.submit(.buy, 10, .limit(.won(70_000)))
        harness.kernel.handle(.accepted(order.id, venueOrderID: "E1"), strategies: [])
        let cash = harness.kernel.portfolio.cash
        let snapshot = BrokerSnapshot(
            holdings: [.init(symbol: symbol, quantity: 2, averagePrice: .won(70_000))], cash: Price(micros: cash.micros - 140_000 * Price.scale),
            orders: [record("E1", .buy, 10, limit: 70_000, filled: 2, amount: 140_000)])
        let first = harness.kernel.reconcile(with: snapshot, strategies: [], confirming: ReconciliationDifferences())
        #expect(first.isClean && harness.fills.isEmpty, "a notice may still be on its way: nothing is booked yet")
        #expect(first.unconfirmed.fills == [order.id: 2] && first.unconfirmed.positions == [symbol: 2])
        let second = harness.kernel.reconcile(with: snapshot, strategies: [], confirming: first.unconfirmed)
        #expect(second.missingFills == [order.id] && harness.prices == [70_000])
        #expect(second.positions.isEmpty && second.unconfirmed == ReconciliationDifferences(), "booking the fill made the position and cash agree")
    }
}
