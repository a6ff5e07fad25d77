import KumoCore
import KumoEngine
import KumoRisk
import Testing

/// An outside broker that records what the kernel asks of it.
final class RecordingGateway: OrderGateway {
    var submitted: [Order] = []
    var cancelled: [ClientOrderID] = []
    var modified: [(ClientOrderID, Int64, OrderType)] = []
    var flushes = 0
    func submit(_ order: Order) { submitted.append(order) }
    func cancel(_ order: Order) { cancelled.append(order.id) }
    func modify(_ order: Order, quantity: Int64, type: OrderType) { modified.append((order.id, quantity, type)) }
    func flush() { flushes += 1 }
}

extension VenueHarness {
    /// A harness whose kernel routes to a recording broker, after one bar set the day's prices.
    static func brokered() -> (VenueHarness, RecordingGateway) {
        let harness = VenueHarness()
        let gateway = RecordingGateway()
        harness.kernel.gateway = gateway
        harness.bar(70_000, 71_000, 69_000, 70_500)
        return (harness, gateway)
    }
}

struct BrokerGatewayTests {
    func harness() -> (VenueHarness, RecordingGateway) { VenueHarness.brokered() }

    @Test func ordersGoToTheBrokerAndFillOnlyByItsReports() throws {
        let (harness, gateway) = harness()
        let order = harness.submit(.buy, 10, .limit(.won(70_000)))
        harness.bar(69_000, 70_000, 68_000, 69_500)  // would fill on the simulated venue
        #expect(gateway.submitted.map(\.id) == [order.id])
        #expect(harness.order(order).status == .submitted && harness.fills.isEmpty)
        harness.kernel.handle(.accepted(order.id, venueOrderID: "0000000001"), strategies: [])
        harness.kernel.handle(.filled(order.id, quantity: 4, price: .won(70_000), time: harness.kernel.now), strategies: [])
        harness.kernel.handle(.filled(order.id, quantity: 6, price: .won(69_900), time: harness.kernel.now), strategies: [])
        let after = harness.order(order)
        #expect(after.status == .filled && after.venueOrderID == "0000000001")
        #expect(harness.prices == [70_000, 69_900])
        #expect(harness.kernel.portfolio.position(VenueHarness.symbol).quantity == 10)
        #expect(harness.kernel.ordersByVenueID["0000000001"] == order.id)
    }

    @Test func brokerRejectionReachesTheStrategyWithItsCode() throws {
        let (harness, _) = harness()
        let order = harness.submit(.buy, 10)
        harness.kernel.handle(.rejected(order.id, code: "APBK0952", message: "주문가능금액을 초과 했습니다"), strategies: [])
        let after = harness.order(order)
        #expect(after.status == .rejected && after.rejectionRule == "broker")
        #expect(after.reason == "APBK0952 주문가능금액을 초과 했습니다")
    }

    @Test func cancelAndModifyAreRequestsUntilTheBrokerAnswers() throws {
        let (harness, gateway) = harness()
        let order = harness.submit(.buy, 10, .limit(.won(69_000)))
        harness.kernel.handle(.accepted(order.id, venueOrderID: "0000000001"), strategies: [])
        #expect(harness.kernel.modify(order.id, by: "s", quantity: 12, type: .limit(.won(68_900)))?.contains("cannot grow") == true)
        #expect(harness.kernel.modify(order.id, by: "s", quantity: 8, type: .limit(.won(68_900))) == nil)
        #expect(harness.order(order).quantity == 10)
        harness.kernel.handle(.modified(order.id, venueOrderID: "0000000002", quantity: 8, type: .limit(.won(68_900))), strategies: [])
        #expect(harness.order(order).quantity == 8 && harness.order(order).venueOrderID == "0000000002")
        #expect(harness.kernel.cancel(order.id, by: "s") == nil)
        #expect(gateway.cancelled == [order.id] && harness.order(order).status == .accepted)
        harness.kernel.handle(.cancelled(order.id, reason: "cancelled at the broker"), strategies: [])
        #expect(harness.order(order).status == .cancelled && harness.kernel.openOrders().isEmpty)
        #expect(gateway.modified.count == 1 && gateway.modified[0].1 == 8)
    }

    @Test func stopsWaitInTheHostAndGoOutAsMarketOrdersWhenTriggered() throws {
        let (harness, gateway) = harness()
        let entry = harness.submit(.buy, 5)
        harness.kernel.handle(.accepted(entry.id, venueOrderID: "1"), strategies: [])
        harness.kernel.handle(.filled(entry.id, quantity: 5, price: .won(70_500), time: harness.kernel.now), strategies: [])
        let stop = harness.submit(.sell, 5, .stop(.won(68_000)), tif: .gtc)
        harness.bar(69_500, 70_000, 68_500, 69_000)
        #expect(gateway.submitted.map(\.id) == [entry.id], "not triggered yet: held in the host")
        harness.bar(68_500, 68_600, 67_500, 67_800)
        #expect(gateway.submitted.map(\.id) == [entry.id, stop.id])
        #expect(gateway.submitted.last?.routedType == .market)
        #expect(harness.order(stop).isAtVenue)
    }

    @Test func haltCancelsEveryOpenOrderAtTheBroker() throws {
        let (harness, gateway) = harness()
        let first = harness.submit(.buy, 1, .limit(.won(69_000)))
        let second = harness.submit(.buy, 1, .limit(.won(68_000)))
        harness.kernel.halt("operator")
        #expect(gateway.cancelled == [first.id, second.id])
        #expect(harness.submit(.buy, 1).status == .rejected)
    }

    @Test func reconciliationCorrectsPositionAndCash() throws {
        let (harness, _) = harness()
        let moved = harness.kernel.correctPosition(VenueHarness.symbol, to: 7, at: .won(70_000))
        let change = harness.kernel.correctCash(to: .won(9_000_000))
        #expect(moved == 7 && harness.kernel.portfolio.position(VenueHarness.symbol).quantity == 7)
        #expect(change.micros != 0 && harness.kernel.portfolio.cash == .won(9_000_000))
    }
}

struct BrokerKillSwitchTests {
    @Test func theDailyLossHaltCancelsOpenOrdersAtTheBroker() throws {
        let harness = VenueHarness(EngineConfiguration(risk: RiskLimits(maxDailyLoss: 100_000)))
        let gateway = RecordingGateway()
        harness.kernel.gateway = gateway
        harness.bar(70_000, 71_000, 69_000, 70_000)
        let entry = harness.submit(.buy, 100)
        harness.kernel.handle(.accepted(entry.id, venueOrderID: "1"), strategies: [])
        harness.kernel.handle(.filled(entry.id, quantity: 100, price: .won(70_000), time: harness.kernel.now), strategies: [])
        let resting = harness.submit(.buy, 1, .limit(.won(60_000)), tif: .day)
        harness.kernel.handle(.accepted(resting.id, venueOrderID: "2"), strategies: [])
        // The same day falls 2,000 won: 200,000 down on 100 shares, past the 100,000 limit.
        harness.kernel.handle(symbol: VenueHarness.symbol, tick: Tick(time: Timestamp(nanoseconds: harness.kernel.now.nanoseconds + 60_000_000_000), price: .won(68_000), quantity: 1), strategies: [])
        let refused = harness.submit(.buy, 1)
        #expect(refused.status == .rejected && refused.rejectionRule == "max_daily_loss")
        #expect(gateway.cancelled == [resting.id])
    }
}
