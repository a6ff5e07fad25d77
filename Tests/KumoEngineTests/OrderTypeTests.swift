import KumoCore
import KumoEngine
import Testing

/// Every order type against hand-made bars whose fills are worked out in the comments, under the
/// venue's stated path assumption (open → nearer extreme → other extreme → close).
struct OrderTypeTests {
    @Test func aMarketOrderFillsAtTheNextOpen() {
        let h = VenueHarness()
        h.bar(70_000, 71_000, 69_000, 70_500)
        let order = h.submit(.buy, 10)
        #expect(h.order(order).status == .accepted)
        h.bar(70_600, 72_000, 70_000, 71_000)
        #expect(h.prices == [70_600])
        #expect(h.order(order).status == .filled)
    }

    @Test func aLimitFillsAtTheOpenWhenBetterElseAtTheLimitElseNot() {
        let h = VenueHarness()
        h.bar(70_000, 70_000, 70_000, 70_000)
        h.submit(.buy, 1, .limit(.won(69_500)))  // low 69,400 passes through: at the limit
        h.submit(.buy, 1, .limit(.won(70_000)))  // open 69,800 is already better: at the open
        let never = h.submit(.buy, 1, .limit(.won(69_000)))  // low 69,400 never reaches it
        h.bar(69_800, 70_500, 69_400, 70_000)
        #expect(h.prices == [69_500, 69_800])  // in submission order
        #expect(h.order(never).status == .accepted)
    }

    @Test func aStopTriggersAtItsPriceOrAtAGappingOpen() {
        let h = VenueHarness()
        h.bar(70_000, 70_000, 70_000, 70_000)
        h.submit(.buy, 1, .stop(.won(71_000)))
        h.bar(70_200, 71_500, 70_100, 71_200)  // trades up through 71,000
        #expect(h.prices == [71_000])
        h.submit(.buy, 1, .stop(.won(71_300)))
        h.bar(71_500, 71_600, 71_400, 71_500)  // opens above the trigger
        #expect(h.prices == [71_000, 71_500])
    }

    @Test func aStopLimitWaitsForItsLimitAfterTheTrigger() {
        let h = VenueHarness()
        h.bar(70_000, 70_000, 70_000, 70_000)
        let order = h.submit(.buy, 1, .stopLimit(trigger: .won(71_000), limit: .won(71_200)), tif: .gtc)
        // Opens at 71,500 (triggered, above the limit); path 71,500 → 71,300 → 72,000 → 71,800 never comes back to 71,200.
        h.bar(71_500, 72_000, 71_300, 71_800)
        #expect(h.fills.isEmpty)
        #expect(h.order(order).isTriggered)
        // Triggered already: a limit at 71,200 from the open of 71,100.
        h.bar(71_100, 71_400, 71_000, 71_300)
        #expect(h.prices == [71_100])
    }

    @Test func aTrailingStopFollowsTheHighsAndFiresOnTheWayDown() {
        let h = VenueHarness()
        h.bar(10_000, 10_000, 10_000, 10_000)
        h.submit(.buy, 10)
        h.bar(10_000, 10_000, 10_000, 10_000)
        let stop = h.submit(.sell, 10, .trailingStop(.fraction(0.05)), tif: .gtc)  // best 10,000: level 9,500
        // Path 10,200 → 10,100 → 11,000 → 10,900: the best climbs to 11,000, the level to 10,450; never touched.
        h.bar(10_200, 11_000, 10_100, 10_900)
        #expect(h.order(stop).trailingStopLevel == .won(10_450))
        #expect(h.fills.count == 1)
        // Path 10,800 → 10,850 → 10,300: crosses 10,450 on the way down, filled there.
        h.bar(10_800, 10_850, 10_300, 10_400)
        #expect(h.prices == [10_000, 10_450])
    }

    @Test func aMarketOnCloseOrderTakesTheClosingAuction() {
        let h = VenueHarness()
        h.bar(70_000, 70_000, 70_000, 70_000)
        h.submit(.buy, 3, .marketOnClose)
        h.bar(70_100, 70_900, 69_900, 70_300)
        #expect(h.prices == [70_300])
    }

    @Test func anOrderPlacedOnABarNeverFillsOnThatBar() {
        let h = VenueHarness()
        h.submit(.buy, 1)
        h.bar(70_000, 71_000, 69_000, 70_500)  // the order predates it: fills at its open
        let second = h.submit(.buy, 1)
        #expect(h.fills.count == 1)
        #expect(h.order(second).status == .accepted)
    }
}
