import KumoCore
import KumoEngine
import Testing

/// The order state machine, OCO groups, brackets, modify and cancel, idempotent client ids.
struct OrderManagementTests {
    static func order() -> Order {
        Order(id: ClientOrderID("o"), strategy: "s", symbol: VenueHarness.symbol, side: .buy, quantity: 10, type: .market, createdAt: Timestamp(nanoseconds: 0))
    }

    @Test func theStateMachineWalksItsPathAndRefusesIllegalSteps() throws {
        var order = Self.order()
        #expect(order.status == .new)
        #expect(throws: OrderTransitionError.self) { try order.apply(.accepted) }  // must be submitted first
        #expect(throws: OrderTransitionError.self) { try order.apply(.expired("x")) }
        try order.apply(.submitted)
        try order.apply(.accepted)
        #expect(throws: OrderTransitionError.self) { try order.apply(.accepted) }
        #expect(throws: OrderTransitionError.self) { try order.apply(.filled(11)) }  // more than ordered
        try order.apply(.filled(4))
        #expect(order.status == .partiallyFilled)
        #expect(throws: OrderTransitionError.self) { try order.apply(.modified(quantity: 4, type: .market)) }  // not above what filled
        try order.apply(.modified(quantity: 6, type: .market))
        try order.apply(.filled(2))
        #expect(order.status == .filled)
        for event: OrderEvent in [.filled(1), .cancelled("x"), .expired("x"), .rejected("x"), .accepted, .submitted] {
            #expect(throws: OrderTransitionError.self) { try order.apply(event) }
        }
        var cancelled = Self.order()
        try cancelled.apply(.cancelled("by the strategy"))
        #expect(throws: OrderTransitionError.self) { try cancelled.apply(.filled(1)) }
        #expect(cancelled.reason == "by the strategy")
    }

    @Test func ocoOrdersCancelEachOther() {
        let h = VenueHarness()
        h.bar(70_000, 70_000, 70_000, 70_000)
        h.submit(.buy, 10)
        h.bar(70_000, 70_000, 70_000, 70_000)
        let target = h.kernel.submit(strategy: "s", OrderRequest(symbol: VenueHarness.symbol, side: .sell, quantity: 10, type: .limit(.won(75_000)), timeInForce: .gtc, ocoGroup: "exit"))
        let stop = h.kernel.submit(strategy: "s", OrderRequest(symbol: VenueHarness.symbol, side: .sell, quantity: 10, type: .stop(.won(65_000)), timeInForce: .gtc, ocoGroup: "exit"))
        // Path 70,000 → 69,000 → 76,000: the limit fills at 75,000; the stop is cancelled.
        h.bar(70_000, 76_000, 69_000, 75_500)
        #expect(h.prices == [70_000, 75_000])
        #expect(h.order(target).status == .filled)
        #expect(h.order(stop).status == .cancelled)
        #expect(h.order(stop).reason?.contains("OCO") == true)
    }

    @Test func aBracketArmsItsExitsWhenTheEntryFills() {
        let h = VenueHarness()
        h.bar(70_000, 70_000, 70_000, 70_000)
        let entry = h.kernel.submit(
            strategy: "s", OrderRequest(symbol: VenueHarness.symbol, side: .buy, quantity: 10, takeProfit: .won(77_000), stopLoss: .won(66_000)))
        let exits = h.kernel.openOrders().filter { $0.parent == entry.id }
        #expect(exits.map(\.status) == [.new, .new])
        h.bar(70_000, 70_500, 69_500, 70_000)  // entry fills at the open; exits go live for the next bar
        #expect(h.kernel.openOrders().filter { $0.parent == entry.id }.map(\.status) == [.accepted, .accepted])
        // Path 70,000 → 70,500 → 65,000: the stop at 66,000 fires there; the take-profit is cancelled.
        h.bar(70_000, 70_500, 65_000, 66_000)
        #expect(h.prices == [70_000, 66_000])
        #expect(h.kernel.portfolio.position(VenueHarness.symbol).quantity == 0)
        #expect(h.kernel.openOrders().isEmpty)
    }

    @Test func cancellingABracketEntryCancelsItsWaitingExits() {
        let h = VenueHarness()
        h.bar(70_000, 70_000, 70_000, 70_000)
        let entry = h.kernel.submit(
            strategy: "s", OrderRequest(symbol: VenueHarness.symbol, side: .buy, quantity: 10, type: .limit(.won(60_000)), stopLoss: .won(55_000)))
        #expect(h.kernel.cancel(entry.id, by: "other") != nil)
        #expect(h.kernel.cancel(entry.id, by: "s") == nil)
        #expect(h.kernel.orders.values.allSatisfy { $0.status == .cancelled })
        #expect(h.kernel.cancel(entry.id, by: "s")?.contains("cancelled") == true)
    }

    @Test func modifyChangesPriceAndQuantityUnderTheSameChecks() {
        let h = VenueHarness()
        h.bar(70_000, 70_000, 70_000, 70_000)
        let order = h.submit(.buy, 10, .limit(.won(69_000)))
        #expect(h.kernel.modify(order.id, by: "s", type: .stop(.won(71_000)))?.contains("type cannot change") == true)
        #expect(h.kernel.modify(order.id, by: "s", type: .limit(.won(69_550)))?.contains("tick grid") == true)
        #expect(h.kernel.modify(order.id, by: "s", quantity: 20, type: .limit(.won(69_500))) == nil)
        h.bar(70_000, 70_200, 69_400, 69_800)
        #expect(h.fills.map(\.quantity) == [20])
        #expect(h.prices == [69_500])
    }

    @Test func aRepeatedClientIdReturnsTheFirstOrder() {
        let h = VenueHarness()
        h.bar(70_000, 70_000, 70_000, 70_000)
        let request = OrderRequest(symbol: VenueHarness.symbol, side: .buy, quantity: 5, clientID: "entry-1")
        let first = h.kernel.submit(strategy: "s", request)
        let again = h.kernel.submit(strategy: "s", request)
        #expect(first.id == ClientOrderID("entry-1"))
        #expect(again.id == first.id)
        #expect(h.kernel.orders.count == 1)
        let stolen = h.kernel.submit(strategy: "t", request)
        #expect(stolen.status == .rejected)
        #expect(stolen.rejection?.contains("already used by another strategy") == true)
        h.bar(70_000, 70_000, 70_000, 70_000)
        #expect(h.fills.map(\.quantity) == [5])
    }
}
