import Foundation
import KumoCore
import KumoData
import Testing

struct ReplayTests {
    @Test func theMergerDeliversEveryBarInTimeOrderWithStableTies() {
        let series = SyntheticMarket(seed: 5, symbols: 7, days: 60).dailyBars()
        let merged = Array(ReplayMerger(series))
        #expect(merged.count == 7 * 60)
        for (a, b) in zip(merged, merged.dropFirst()) {
            #expect(a.bar.time < b.bar.time || (a.bar.time == b.bar.time && a.symbol.code < b.symbol.code))
        }
        for (symbol, bars) in series {
            #expect(merged.filter { $0.symbol == symbol }.map(\.bar) == bars)
        }
    }

    @Test func theStoreReplaysTheSameStreamAsTheMerger() throws {
        let path = MarketDataStoreTests.temporaryDatabase()
        let store = try MarketDataStore(path: path)
        let series = SyntheticMarket(seed: 9, symbols: 4, days: 30).dailyBars()
        for (symbol, bars) in series { try store.importBars(bars, symbol: symbol, timeframe: Timeframe(1, .day)) }
        var replayed: [SymbolBar] = []
        try store.replay(timeframe: Timeframe(1, .day)) { replayed.append($0) }
        #expect(replayed == Array(ReplayMerger(series)))
        var two: [SymbolBar] = []
        try store.replay(symbols: [Symbol("SYN0002")!, Symbol("SYN0004")!], timeframe: Timeframe(1, .day)) { two.append($0) }
        #expect(Set(two.map(\.symbol.code)) == ["SYN0002", "SYN0004"])
        #expect(two.count == 60)
    }
}
