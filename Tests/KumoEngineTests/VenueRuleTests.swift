import KumoCore
import KumoEngine
import Testing

/// KRX's rules on the simulated venue: the ±30% band, the tick grid, locked limits, slippage
/// models, commission and tax.
struct VenueRuleTests {
    static let noCosts = CostModel(commission: Rate(partsPerBillion: 0), sellTax: Rate(partsPerBillion: 0))

    @Test func pricesOutsideTheDaysBandOrOffTheGridAreRejected() {
        let h = VenueHarness()
        h.bar(70_000, 70_000, 70_000, 70_000)  // tomorrow's band: 70,000 ± 30% = 49,000 – 91,000
        #expect(h.submit(.buy, 1, .limit(.won(91_000))).status == .accepted)
        let above = h.submit(.buy, 1, .limit(.won(91_100)))
        #expect(above.status == .rejected)
        #expect(above.rejection?.contains("outside the day's limits 49000–91000") == true)
        #expect(h.submit(.sell, 1, .stop(.won(48_900))).status == .rejected)
        let offGrid = h.submit(.buy, 1, .limit(.won(70_050)))  // tick 100 between 50,000 and 200,000
        #expect(offGrid.rejection?.contains("not on the tick grid (tick 100)") == true)
        #expect(h.submit(.buy, 0).rejection?.contains("quantity must be positive") == true)
    }

    @Test func aForeignListingHasNoKRXBandOrGrid() {
        let h = VenueHarness()
        let aapl = Symbol("AAPL")!
        h.bar(100, 100, 100, 100, symbol: aapl)
        let order = h.kernel.submit(strategy: "s", symbol: aapl, side: .buy, quantity: 1, type: .limit(Price(micros: 190_123_400)))
        #expect(order.status == .accepted)
    }

    @Test func aBarLockedAtTheUpperLimitFillsNoBuys() {
        let h = VenueHarness()
        h.bar(10_000, 10_000, 10_000, 10_000)
        h.submit(.buy, 10)
        h.bar(10_000, 10_000, 10_000, 10_000)  // bought; base for tomorrow 10,000, upper limit 13,000
        let buy = h.submit(.buy, 5)
        h.submit(.sell, 5)
        h.bar(13_000, 13_000, 13_000, 13_000)
        #expect(h.prices == [10_000, 13_000])
        #expect(h.order(buy).status == .accepted)
        #expect(h.fills.last?.side == .sell)
    }

    @Test func slippageModelsWorsenTheFillOnTheGridInsideTheBar() {
        func fill(_ model: SlippageModel, _ side: OrderSide, _ bar: (Int64, Int64, Int64, Int64), volume: Int64 = 1_000_000, quantity: Int64 = 1) -> Price? {
            let h = VenueHarness(EngineConfiguration(costs: Self.noCosts, venue: VenueModel(slippage: model)))
            h.bar(bar.0, bar.0, bar.0, bar.0)
            h.submit(.buy, 100)
            h.bar(bar.0, bar.0, bar.0, bar.0)
            h.submit(side, quantity)
            h.bar(bar.0, bar.1, bar.2, bar.3, volume: volume)
            return h.fills.count == 2 ? h.fills[1].price : nil
        }
        // ticks:2 at 70,600 (tick 100): a buy pays 70,800.
        #expect(fill(.ticks(2), .buy, (70_600, 72_000, 70_000, 71_000)) == .won(70_800))
        // percent 0.1% of 70,600 is 70.6: a sell gets 70,529.4, rounded down to the grid: 70,500.
        #expect(fill(.percent(0.001), .sell, (70_600, 72_000, 70_000, 71_000)) == .won(70_500))
        // sqrt:1, 100 of a 10,000-share bar from 9,500 to 10,500: σ = ln(10500/9500) / (2√ln2) = 0.0601062,
        // impact 10,000 × 0.0601062 × √0.01 = 60.1 won; 10,060.1 rounds up to the 10-won grid: 10,070.
        #expect(fill(.squareRootImpact(coefficient: 1), .buy, (10_000, 10_500, 9_500, 10_000), volume: 10_000, quantity: 100) == .won(10_070))
        // Never outside the bar: 50 ticks above 70,600 would be 75,600; the high is 71,000.
        #expect(fill(.ticks(50), .buy, (70_600, 71_000, 70_000, 71_000)) == .won(71_000))
    }

    @Test func krxCommissionAndTaxAreChargedAndCutToWholeWon() {
        let h = VenueHarness(EngineConfiguration(costs: CostModel()))  // 0.015% commission, KRX tax by year
        h.bar(70_000, 70_000, 70_000, 70_000)
        h.submit(.buy, 7)
        h.bar(70_000, 70_000, 70_000, 70_000)
        h.submit(.sell, 7)
        h.bar(70_300, 70_300, 70_300, 70_300)
        // Buy 490,000: commission 73.5 → 73, no tax. Sell 492,100 in 2024: commission 73.815 → 73,
        // tax 0.18% = 885.78 → 885.
        #expect(h.fills.map(\.commission) == [.won(73), .won(73)])
        #expect(h.fills.map(\.tax) == [.won(0), .won(885)])
        #expect(h.kernel.portfolio.cash == Price(units: 10_000_000 - 490_000 - 73 + 492_100 - 73 - 885))
        #expect(h.kernel.portfolio.position(VenueHarness.symbol).realizedPnL == .won(2_100))
    }

    @Test func aBuyTheCashCannotCoverIsRejectedAtTheFill() {
        let h = VenueHarness(EngineConfiguration(cash: .won(1_000_000), costs: Self.noCosts))
        h.bar(100_000, 100_000, 100_000, 100_000)
        #expect(h.submit(.buy, 10).status == .accepted)  // 1,000,000 exactly: covered
        let order = h.submit(.buy, 1)  // the first took it all
        h.bar(100_000, 100_000, 100_000, 100_000)
        #expect(h.order(order).status == .rejected)
        #expect(h.order(order).rejection?.contains("cannot cover") == true)
        let short = h.submit(.sell, 11)
        h.bar(100_000, 100_000, 100_000, 100_000)
        #expect(h.order(short).rejection?.contains("short selling is not allowed") == true)
    }
}
