import Foundation
import KumoCore
import KumoData
import Testing

struct MarketDataStoreTests {
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data")

    static func temporaryDatabase() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kumo-store-\(UUID().uuidString)/kumo.sqlite").path
    }

    static let daily = Timeframe(1, .day)
    static let seoul = BarTimeParser(utcOffsetSeconds: 9 * 3600)

    @Test func importsTheRealSeriesAndReadsThemBackExactly() throws {
        let store = try MarketDataStore(path: Self.temporaryDatabase())
        let file = Self.shared.appendingPathComponent("krx-005930-daily.csv")
        let bars = try BarCSVReader(timeParser: Self.seoul).read(file)
        let samsung = Symbol("005930")!

        let inserted = try store.importBars(bars, symbol: samsung, timeframe: Self.daily)
        let again = try store.importBars(bars, symbol: samsung, timeframe: Self.daily)
        let stored = try store.bars(symbol: samsung, timeframe: Self.daily)

        #expect(inserted == 8343)
        #expect(again == 0, "re-importing the same bars changes nothing")
        #expect(stored == bars)
        #expect(stored.first?.time.isoDate(utcOffsetSeconds: 9 * 3600) == "1990-09-11")
        #expect(stored.first?.close == Price(units: 364))
        #expect(stored.last?.time.isoDate(utcOffsetSeconds: 9 * 3600) == "2023-12-22")
        #expect(stored.last?.close == Price(units: 75_900))
        #expect(try store.series().map(\.count) == [8343])
    }

    @Test func rangeQueriesStreamOnlyTheAskedBars() throws {
        let store = try MarketDataStore(path: Self.temporaryDatabase())
        let bars = try BarCSVReader(timeParser: Self.seoul).read(Self.shared.appendingPathComponent("krx-069500-daily.csv"))
        try store.importBars(bars, symbol: Symbol("069500")!, timeframe: Self.daily)
        let from = Self.seoul.parse("2023-12-01")!
        let to = Self.seoul.parse("2023-12-08")!
        var seen: [String] = []
        try store.forEachBar(symbol: Symbol("069500")!, timeframe: Self.daily, from: from, to: to) {
            seen.append($0.time.isoDate(utcOffsetSeconds: 9 * 3600))
        }
        #expect(seen == ["2023-12-01", "2023-12-04", "2023-12-05", "2023-12-06", "2023-12-07"])
    }

    @Test func aChangedBarIsUpdatedAndCounted() throws {
        let store = try MarketDataStore(path: Self.temporaryDatabase())
        let time = Timestamp(year: 2024, month: 1, day: 2)!
        let bar = Bar(time: time, open: Price(units: 100), high: Price(units: 110), low: Price(units: 90), close: Price(units: 105), volume: 10)
        var corrected = bar
        corrected.close = Price(units: 106)
        try store.importBars([bar], symbol: Symbol("A")!, timeframe: Self.daily)
        #expect(try store.importBars([corrected], symbol: Symbol("A")!, timeframe: Self.daily) == 1)
        #expect(try store.bars(symbol: Symbol("A")!, timeframe: Self.daily) == [corrected])
    }

    @Test func aSecondConnectionReadsWhatTheFirstWrote() throws {
        let path = Self.temporaryDatabase()
        let writer = try MarketDataStore(path: path)
        let reader = try MarketDataStore(path: path)
        let bars = try BarCSVReader().read(Self.shared.appendingPathComponent("orcl-1995-2014.csv"))
        try writer.importBars(bars, symbol: Symbol("ORCL")!, timeframe: Self.daily)
        #expect(try reader.bars(symbol: Symbol("ORCL")!, timeframe: Self.daily).count == 5036)
    }

    @Test func aFailedImportLeavesTheStoreUnchanged() throws {
        let store = try MarketDataStore(path: Self.temporaryDatabase())
        func bar(_ day: Int, low: Int64) -> Bar {
            Bar(time: Timestamp(year: 2024, month: 1, day: day)!, open: Price(units: 100), high: Price(units: 110),
                low: Price(units: low), close: Price(units: 105), volume: 10)
        }
        try store.importBars([bar(2, low: 90)], symbol: Symbol("B")!, timeframe: Self.daily)
        // The third bar's low is above its high: the database refuses it, and the two before it too.
        #expect(throws: MarketDataStore.Failure.self) {
            try store.importBars([bar(3, low: 90), bar(4, low: 95), bar(5, low: 120)], symbol: Symbol("B")!, timeframe: Self.daily)
        }
        #expect(try store.bars(symbol: Symbol("B")!, timeframe: Self.daily) == [bar(2, low: 90)])
    }

    @Test func aBarRefusedInsideAManyRowInsertIsNamedAndNothingIsWritten() throws {
        let store = try MarketDataStore(path: Self.temporaryDatabase())
        let start = Timestamp(year: 2024, month: 1, day: 1)!
        // 200 bars: three whole 64-row statements and 8 single rows; bar 100 (in the second
        // statement) has its low above its high, which the table's CHECK refuses.
        let bars = (0..<200).map { day in
            Bar(time: Timestamp(nanoseconds: start.nanoseconds + Int64(day) * 86_400_000_000_000), open: Price(units: 100),
                high: Price(units: 110), low: Price(units: day == 100 ? 120 : 90), close: Price(units: 105), volume: 10)
        }
        var message = ""
        do { try store.importBars(bars, symbol: Symbol("C")!, timeframe: Self.daily) } catch { message = error.description }
        #expect(message.contains("the bar at \(bars[100].time.kst) was refused"), "\(message)")
        #expect(message.contains("CHECK constraint failed"), "\(message)")
        #expect(try store.bars(symbol: Symbol("C")!, timeframe: Self.daily).isEmpty)
        var good = bars
        good[100].low = Price(units: 90)
        #expect(try store.importBars(good, symbol: Symbol("C")!, timeframe: Self.daily) == 200)
        #expect(try store.bars(symbol: Symbol("C")!, timeframe: Self.daily) == good)
    }
}

extension MarketDataStoreTests {
    @Test func aBadFileAmongManyRollsTheWholeImportBack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try MarketDataStore(path: folder.appendingPathComponent("kumo.sqlite").path)
        let good = "date,open,high,low,close,volume\n2024-01-02,1,2,1,2,10\n2024-01-03,2,3,2,3,20\n"
        let bad = "date,open,high,low,close,volume\n2024-01-02,1,2,1,x,10\n"
        var imports: [MarketDataStore.FileImport] = []
        for (index, text) in [good, good, bad, good].enumerated() {
            let file = folder.appendingPathComponent("f\(index).csv")
            try text.write(to: file, atomically: true, encoding: .utf8)
            imports.append(.init(file: file, symbol: Symbol("S\(index)")!, timeframe: Self.daily))
        }
        #expect(throws: MarketDataStore.FileImportError.self) { try store.importFiles(imports) }
        do { _ = try store.importFiles(imports) } catch {
            #expect(error.description.contains("f2.csv:2: field 'close': 'x' is not a price"))
        }
        #expect(try store.series().isEmpty)
        let result = try store.importFiles(imports.filter { !$0.file.lastPathComponent.hasPrefix("f2") })
        #expect(result.rows == 6 && result.changed == 6)
    }
}
