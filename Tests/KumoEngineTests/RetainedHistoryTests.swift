import KumoCore
import KumoEngine
import Testing

/// A kernel that does not retain history trades exactly as one that does, and forgets closed
/// orders and fills, so a long run's memory does not grow with its bars.
struct RetainedHistoryTests {
    /// Buys 10 at market, places a good-till-cancelled limit buy far below the market, has an order refused for
    /// cash, sells 4 at market, cancels nothing: two fills, one open order, one refusal.
    static func trade(_ harness: VenueHarness) -> (resting: Order, refused: Order) {
        harness.bar(70_000, 71_000, 69_000, 70_500)
        harness.submit(.buy, 10)
        harness.bar(70_600, 71_200, 70_100, 71_000)
        let resting = harness.submit(.buy, 5, .limit(Price.won(50_000)), tif: .gtc)
        let refused = harness.submit(.buy, 1_000_000)
        harness.bar(71_000, 71_500, 70_500, 71_200)
        harness.submit(.sell, 4)
        harness.bar(71_300, 71_800, 70_900, 71_100)
        harness.bar(71_100, 71_400, 70_800, 71_000)
        return (resting, refused)
    }

    @Test func tradesTheSameAndForgetsClosedOrdersAndFills() {
        let full = VenueHarness()
        var configuration = EngineConfiguration(costs: CostModel(commission: Rate(partsPerBillion: 0), sellTax: Rate(partsPerBillion: 0)))
        configuration.retainsHistory = false
        let lean = VenueHarness(configuration)
        let (resting, refused) = Self.trade(full)
        _ = Self.trade(lean)

        #expect(full.fills.map(\.quantity) == [10, 4])
        #expect(full.fills.map(\.price) == [Price.won(70_600), Price.won(71_300)])
        #expect(full.kernel.orders.count == 4)
        #expect(full.order(refused).status == .rejected)

        #expect(lean.fills.isEmpty)
        #expect(Array(lean.kernel.orders.keys) == [resting.id], "only the open limit order is kept")
        #expect(lean.kernel.openOrders().map(\.id) == [resting.id])
        #expect(lean.kernel.portfolio == full.kernel.portfolio)
        #expect(lean.kernel.book("s") == full.kernel.book("s"))
        #expect(lean.kernel.portfolio.position(VenueHarness.symbol).quantity == 6)
        #expect(lean.kernel.equity == full.kernel.equity)
    }
}
