import KumoCore
import KumoEngine
import KumoRisk
import Testing

/// The host's own exits on positions, its limits inside the kernel, and per-strategy attribution.
struct HostRiskTests {
    static let noCosts = CostModel(commission: Rate(partsPerBillion: 0), sellTax: Rate(partsPerBillion: 0))

    @Test func theHostStopLossSellsAndTheScriptCannotCancelIt() {
        let h = VenueHarness(EngineConfiguration(costs: Self.noCosts, protection: Protection(stopLoss: 0.05)))
        h.bar(10_000, 10_000, 10_000, 10_000)
        h.submit(.buy, 10)
        h.bar(10_000, 10_000, 10_000, 10_000)  // bought at 10,000: the host keeps a stop at 9,500
        let exits = h.kernel.openOrders(of: "s").filter { $0.origin == .host }
        #expect(exits.map(\.type) == [.stop(.won(9_500))])
        #expect(exits.map(\.quantity) == [10])
        #expect(h.kernel.cancel(exits[0].id, by: "s")?.contains("host's protective exit") == true)
        #expect(h.kernel.modify(exits[0].id, by: "s", type: .stop(.won(9_000)))?.contains("host's protective exit") == true)
        h.bar(9_900, 9_950, 9_400, 9_600)  // path 9,900 → 9,950 → 9,400: through 9,500
        #expect(h.prices == [10_000, 9_500])
        #expect(h.kernel.portfolio.position(VenueHarness.symbol).quantity == 0)
    }

    @Test func aScriptMayTightenTheHostsExitsButNotLoosenThem() {
        let h = VenueHarness(EngineConfiguration(costs: Self.noCosts, protection: Protection(stopLoss: 0.05)))
        h.bar(10_000, 10_000, 10_000, 10_000)
        h.submit(.buy, 10)
        h.bar(10_000, 10_000, 10_000, 10_000)
        #expect(h.kernel.protect(strategy: "s", symbol: VenueHarness.symbol, Protection(stopLoss: 0.2, takeProfit: 0.1)) == nil)
        let exits = h.kernel.openOrders(of: "s").filter { $0.origin == .host }.map(\.type)
        #expect(exits == [.stop(.won(9_500)), .limit(.won(11_000))])  // the looser 20% stop is ignored
        #expect(h.kernel.protect(strategy: "s", symbol: VenueHarness.symbol, Protection(stopLoss: 1.5)) != nil)
        // The exits follow the position: selling 4 leaves them for 6.
        h.submit(.sell, 4)
        h.bar(10_000, 10_000, 10_000, 10_000)
        #expect(h.kernel.openOrders(of: "s").filter { $0.origin == .host }.map(\.quantity) == [6, 6])
    }

    @Test func haltedOrdersAreRefusedWithTheReason() {
        let h = VenueHarness()
        h.bar(10_000, 10_000, 10_000, 10_000)
        h.kernel.halt("operator kill switch")
        #expect(h.submit(.buy, 1).rejection == "halted: operator kill switch")
        h.kernel.resume()
        #expect(h.submit(.buy, 1).status == .accepted)
    }

    @Test func aLimitInTheConfigurationRefusesTheOrder() {
        let h = VenueHarness(EngineConfiguration(costs: Self.noCosts, risk: RiskLimits(maxPositionValue: 500_000)))
        h.bar(10_000, 10_000, 10_000, 10_000)
        #expect(h.submit(.buy, 50).status == .accepted)
        #expect(h.submit(.buy, 51).rejection?.hasPrefix("max_position:") == true)
    }

    @Test func slicesKeepEachStrategysCashAndBooksAddUpToTheAccount() {
        let configuration = EngineConfiguration(
            cash: .won(1_000_000), costs: Self.noCosts, allocations: ["a": .won(600_000), "b": .won(400_000)])
        let h = VenueHarness(configuration)
        h.bar(10_000, 10_000, 10_000, 10_000)
        h.submit(.buy, 50, strategy: "a")  // 500,000 of a's 600,000
        let tooMuch = h.submit(.buy, 50, strategy: "b")  // 500,000 is more than b's 400,000
        h.submit(.buy, 30, strategy: "b")
        h.bar(10_000, 10_000, 10_000, 10_000)
        #expect(h.order(tooMuch).rejection?.contains("cash 400000 cannot cover") == true)
        #expect(h.kernel.book("a").cash == .won(100_000))
        h.submit(.buy, 3, .limit(.won(9_000)), strategy: "a")
        #expect(h.kernel.buyingPower(for: "a") == 100_000 - 27_000)
        #expect(h.kernel.book("b").cash == .won(100_000))
        #expect(h.kernel.portfolio.cash == .won(200_000))
        // b cannot sell a's shares.
        let borrowed = h.submit(.sell, 40, strategy: "b")
        h.bar(11_000, 11_000, 11_000, 11_000)
        #expect(h.order(borrowed).rejection?.contains("holding 30") == true)
        #expect(h.kernel.equity(for: "a") == 100_000 + 50 * 11_000)
        #expect(h.kernel.equity(for: "b") == 100_000 + 30 * 11_000)
        #expect(h.kernel.equity == 200_000 + 80 * 11_000)
    }
}

extension HostRiskTests {
    @Test func aRejectionNamesItsRule() {
        let h = VenueHarness(EngineConfiguration(cash: .won(100_000), costs: Self.noCosts, risk: RiskLimits(maxOrderValue: 1_000_000)))
        h.bar(10_000, 10_000, 10_000, 10_000)
        #expect(h.submit(.buy, 200).rejectionRule == "max_order_value")
        #expect(h.submit(.buy, 1, .limit(.won(10_005))).rejectionRule == "venue")  // off the 10-won grid
        let short = h.submit(.sell, 1)
        let broke = h.submit(.buy, 20)  // 200,000 of 100,000 cash
        h.bar(10_000, 10_000, 10_000, 10_000)
        #expect(h.order(short).rejectionRule == "short_selling")
        #expect(h.order(broke).rejectionRule == "cash")
        h.kernel.halt("stop")
        #expect(h.submit(.buy, 1).rejectionRule == "halted")
    }
}
