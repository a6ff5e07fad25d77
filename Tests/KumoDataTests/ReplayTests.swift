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

    @Test func theStoreBreaksTiesBySymbolCodeWhateverTheImportOrderAndKeepsToTheRange() throws {
        let store = try MarketDataStore(path: MarketDataStoreTests.temporaryDatabase())
        let series = SyntheticMarket(seed: 3, symbols: 5, days: 40).dailyBars()
        // Imported last code first, and one series starting later: the stored series numbers
        // run against the codes, so only the merge's own ordering can give code order on ties.
        for (offset, (symbol, bars)) in series.reversed().enumerated() {
            try store.importBars(Array(bars.dropFirst(offset == 0 ? 7 : 0)), symbol: symbol, timeframe: Timeframe(1, .day))
        }
        // Every stored bar, ordered by a plain sort on (time, code): nothing of the merge's own.
        let expected = series.enumerated().flatMap { index, entry in
            entry.bars.dropFirst(index == series.count - 1 ? 7 : 0).map { SymbolBar(symbol: entry.symbol, bar: $0) }
        }.sorted { ($0.bar.time, $0.symbol.code) < ($1.bar.time, $1.symbol.code) }
        #expect(expected.count == 5 * 40 - 7)
        var replayed: [SymbolBar] = []
        try store.replay(timeframe: Timeframe(1, .day)) { replayed.append($0) }
        #expect(replayed == expected)
        let from = series[0].bars[10].time, to = series[0].bars[20].time
        var ranged: [SymbolBar] = []
        try store.replay(timeframe: Timeframe(1, .day), from: from, to: to) { ranged.append($0) }
        #expect(ranged == expected.filter { $0.bar.time >= from && $0.bar.time < to })
        #expect(ranged.count == 10 * 5)
    }
}
