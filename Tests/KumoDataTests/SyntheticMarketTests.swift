import Foundation
import KumoCore
import KumoData
import Testing

struct SyntheticMarketTests {
    @Test func theSameSeedGivesTheSameMarket() {
        let a = SyntheticMarket(seed: 42, symbols: 3, days: 120).dailyBars()
        let b = SyntheticMarket(seed: 42, symbols: 3, days: 120).dailyBars()
        let c = SyntheticMarket(seed: 43, symbols: 3, days: 120).dailyBars()
        #expect(a.map(\.bars) == b.map(\.bars))
        #expect(a.map(\.bars) != c.map(\.bars))
        #expect(a.map(\.symbol.code) == ["SYN0001", "SYN0002", "SYN0003"])
    }

    @Test func barsObeyKRXRulesAndTheCalendar() {
        let market = SyntheticMarket(seed: 7, symbols: 5, days: 400)
        for (_, bars) in market.dailyBars() {
            #expect(bars.count == 400)
            let report = DataQualityReport(bars: bars, timeframe: Timeframe(1, .day))
            #expect(!report.hasErrors)
            for (previous, bar) in zip(bars, bars.dropFirst()) {
                let date = CivilDate(bar.time, utcOffsetSeconds: 9 * 3600)
                #expect(!date.isWeekend)
                for price in [bar.open, bar.high, bar.low, bar.close] {
                    #expect(KRXTickSize.round(price, .down, on: date) == price, "\(price) is off the tick grid")
                }
                #expect(KRXPriceLimits.allows(bar.close, base: previous.close, on: date), "close \(bar.close) after \(previous.close)")
            }
        }
    }

    @Test func returnsHaveFatTailsAndVolatilityClusters() {
        let bars = SyntheticMarket(seed: 11, symbols: 1, days: 5000).dailyBars()[0].bars
        let returns = zip(bars, bars.dropFirst()).map { log($1.close.doubleValue / $0.close.doubleValue) }
        let mean = returns.reduce(0, +) / Double(returns.count)
        let variance = returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(returns.count)
        let kurtosis = returns.map { pow($0 - mean, 4) }.reduce(0, +) / Double(returns.count) / (variance * variance)
        let absolute = returns.map(abs)
        let absMean = absolute.reduce(0, +) / Double(absolute.count)
        let lagged = zip(absolute, absolute.dropFirst()).map { ($0 - absMean) * ($1 - absMean) }.reduce(0, +)
        let spread = absolute.map { ($0 - absMean) * ($0 - absMean) }.reduce(0, +)
        #expect(kurtosis > 3.5, "kurtosis \(kurtosis)")
        #expect(lagged / spread > 0.05, "autocorrelation of |returns| \(lagged / spread)")
    }

    @Test func minuteBarsFollowTheSessionWithAUShapedVolume() {
        let bars = SyntheticMarket(seed: 3, symbols: 1, days: 20).minuteBars()[0].bars
        #expect(bars.count == 20 * 381)
        let day = Array(bars.prefix(381))
        let first = day.first!.time.civil(utcOffsetSeconds: 9 * 3600)
        let last = day.last!.time.civil(utcOffsetSeconds: 9 * 3600)
        #expect((first.hour, first.minute) == (9, 0))
        #expect((last.hour, last.minute) == (15, 30))
        func average(_ range: Range<Int>) -> Double {
            let slices = (0..<20).flatMap { d in range.map { bars[d * 381 + $0].volume } }
            return Double(slices.reduce(0, +)) / Double(slices.count)
        }
        #expect(average(0..<30) > 2 * average(170..<210))
        #expect(average(350..<380) > 2 * average(170..<210))
        #expect(!DataQualityReport(bars: bars, timeframe: Timeframe(1, .minute)).hasErrors)
    }
}
