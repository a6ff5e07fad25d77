import KumoCore
import Testing

struct CorporateActionTests {
    static func bar(_ day: Int, close: Int64, volume: Int64 = 1000) -> Bar {
        Bar(time: Timestamp(year: 2018, month: 5, day: day, utcOffsetSeconds: 9 * 3600)!, open: Price(units: close),
            high: Price(units: close), low: Price(units: close), close: Price(units: close), volume: volume)
    }

    @Test func aFiftyForOneSplitRemovesTheJump() {
        // Samsung's 2018 split: 2,650,000 won before, 53,000 after.
        let bars = [Self.bar(2, close: 2_650_000, volume: 300_000), Self.bar(4, close: 53_000, volume: 15_000_000)]
        let split = CorporateAction(symbol: Symbol("005930")!, exDate: CivilDate(year: 2018, month: 5, day: 4)!, kind: .split(new: 50, old: 1))
        let adjusted = bars.adjusted(for: [split])
        #expect(adjusted[0].close == Price(units: 53_000))
        #expect(adjusted[0].volume == 15_000_000)
        #expect(adjusted[1] == bars[1])
    }

    @Test func aDividendScalesEarlierPricesByTheYieldItTookAway() {
        let bars = [Self.bar(2, close: 10_000), Self.bar(3, close: 9_800), Self.bar(4, close: 9_900)]
        let dividend = CorporateAction(symbol: Symbol("X")!, exDate: CivilDate(year: 2018, month: 5, day: 3)!, kind: .dividend(Price(units: 200)))
        let adjusted = bars.adjusted(for: [dividend])
        #expect(adjusted[0].close == Price(units: 9_800))  // 10,000 × (1 − 200/10,000)
        #expect(Array(adjusted[1...]) == Array(bars[1...]))
    }

    @Test func quotesHaveAMidOnlyWithBothSides() {
        let quote = Quote(time: Timestamp(seconds: 0), bids: [.init(price: Price(units: 71_400), quantity: 10)], asks: [.init(price: Price(units: 71_500), quantity: 5)])
        #expect(quote.mid == Price(units: 71_450))
        #expect(Quote(time: Timestamp(seconds: 0), bids: [], asks: []).mid == nil)
    }
}
