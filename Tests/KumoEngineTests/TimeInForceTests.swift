import KumoCore
import KumoEngine
import KumoRisk
import Testing

/// DAY, IOC, FOK and GTC, and partial fills capped by a share of the bar's volume.
struct TimeInForceTests {
    static func capped(_ share: Double) -> EngineConfiguration {
        EngineConfiguration(costs: CostModel(commission: Rate(partsPerBillion: 0), sellTax: Rate(partsPerBillion: 0)), venue: VenueModel(volumeShare: share))
    }

    @Test func aDayOrderLivesForOneSessionAndAGTCOrderStays() {
        let h = VenueHarness()
        h.bar(70_000, 70_000, 70_000, 70_000)
        let day = h.submit(.buy, 1, .limit(.won(69_000)))
        let gtc = h.submit(.buy, 1, .limit(.won(69_000)), tif: .gtc)
        h.bar(70_000, 70_500, 69_500, 70_000)  // not reached
        #expect(h.order(day).status == .accepted)
        h.bar(69_500, 69_800, 68_500, 69_000)  // reached, but the DAY order ended with yesterday's session
        #expect(h.order(day).status == .expired)
        #expect(h.order(gtc).status == .filled)
        #expect(h.prices == [69_000])
    }

    @Test func partialFillsTakeAtMostTheVolumeShareOfEachBar() {
        let h = VenueHarness(Self.capped(0.1))
        h.bar(10_000, 10_000, 10_000, 10_000, volume: 1_000)
        let order = h.submit(.buy, 250, tif: .gtc)
        h.bar(10_000, 10_000, 10_000, 10_000, volume: 1_000)
        #expect(h.order(order).status == .partiallyFilled)
        #expect(h.order(order).filledQuantity == 100)
        h.bar(10_000, 10_000, 10_000, 10_000, volume: 1_000)
        h.bar(10_000, 10_000, 10_000, 10_000, volume: 1_009)  // ⌊100.9⌋ = 100 ≥ the 50 left
        #expect(h.fills.map(\.quantity) == [100, 100, 50])
        #expect(h.order(order).status == .filled)
    }

    @Test func aDayOrderPartlyFilledExpiresWithItsRemainder() {
        let h = VenueHarness(Self.capped(0.1))
        h.bar(10_000, 10_000, 10_000, 10_000, volume: 1_000)
        let order = h.submit(.buy, 250)
        h.bar(10_000, 10_000, 10_000, 10_000, volume: 1_000)
        h.bar(10_000, 10_000, 10_000, 10_000, volume: 1_000)
        #expect(h.order(order).status == .expired)
        #expect(h.order(order).filledQuantity == 100)
    }

    @Test func iocFillsWhatItCanAndCancelsTheRest() {
        let h = VenueHarness(Self.capped(0.1))
        h.bar(10_000, 10_000, 10_000, 10_000, volume: 1_000)
        let order = h.submit(.buy, 250, tif: .ioc)
        let unreached = h.submit(.buy, 5, .limit(.won(9_000)), tif: .ioc)
        h.bar(10_000, 10_000, 10_000, 10_000, volume: 1_000)
        #expect(h.order(order).status == .cancelled)
        #expect(h.order(order).filledQuantity == 100)
        #expect(h.order(unreached).status == .cancelled)
        #expect(h.fills.map(\.quantity) == [100])
    }

    @Test func fokFillsAllOrNothing() {
        let h = VenueHarness(Self.capped(0.1))
        h.bar(10_000, 10_000, 10_000, 10_000, volume: 1_000)
        let tooBig = h.submit(.buy, 250, tif: .fok)
        let fits = h.submit(.buy, 80, tif: .fok)
        h.bar(10_000, 10_000, 10_000, 10_000, volume: 1_000)
        #expect(h.order(tooBig).status == .cancelled)
        #expect(h.order(tooBig).filledQuantity == 0)
        #expect(h.order(fits).status == .filled)
        #expect(h.fills.map(\.quantity) == [80])
    }
}
