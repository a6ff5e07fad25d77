import Foundation
import KumoCore
import KumoData
import Testing

/// A corpus of broken bar files: each gets its named error, and the store is left unchanged.
struct MalformedFileTests {
    static let header = "date,open,high,low,close,volume\n"

    static let corpus: [(name: String, text: String, error: String)] = [
        ("empty.csv", "", "empty.csv:1: the file is empty"),
        ("missing-column.csv", "date,open,high,low,volume\n2024-01-02,1,1,1,1\n", "missing-column.csv:1: no 'close' column"),
        ("bad-number.csv", header + "2024-01-02,100,110,90,1O5,10\n", "bad-number.csv:2: field 'close': '1O5' is not a price"),
        ("reversed-ohlc.csv", header + "2024-01-02,100,90,110,95,10\n", "reversed-ohlc.csv:2: field 'high': prices are not consistent"),
        ("duplicated-date.csv", header + "2024-01-02,1,1,1,1,1\n2024-01-03,1,1,1,1,1\n2024-01-02,1,1,1,1,1\n",
         "duplicated-date.csv:4: field 'date': the same time as line 2"),
        // Out of order first (not a duplicate), then a repeat of a time seen before the disorder.
        ("late-duplicate.csv", header + "2024-01-02,1,1,1,1,1\n2024-01-04,1,1,1,1,1\n2024-01-03,1,1,1,1,1\n2024-01-04,1,1,1,1,1\n",
         "late-duplicate.csv:5: field 'date': the same time as line 3"),
        ("bad-date.csv", header + "2024-02-30,1,1,1,1,1\n", "bad-date.csv:2: field 'date': '2024-02-30' is not a date"),
        ("short-row.csv", header + "2024-01-02,1,1,1,1\n", "short-row.csv:2: 5 cells where the header has 6"),
        ("negative-volume.csv", header + "2024-01-02,1,1,1,1,-1\n", "negative-volume.csv:2: field 'volume': '-1' is not a share count"),
        ("zero-price.csv", header + "2024-01-02,0,0,0,0,1\n", "zero-price.csv:2: field 'low': prices are not consistent"),
        ("huge-line.csv", header + "2024-01-02," + String(repeating: "9", count: 2 << 20) + ",1,1,1,1\n",
         "huge-line.csv:2: the line is 2097171 bytes long, over the 1048576-byte limit"),
    ]

    @Test(arguments: corpus.map(\.name))
    func eachBrokenFileGetsItsNamedErrorAndTheStoreStaysUnchanged(_ name: String) throws {
        let entry = Self.corpus.first { $0.name == name }!
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name)
        try entry.text.write(to: file, atomically: true, encoding: .utf8)
        let store = try MarketDataStore(path: folder.appendingPathComponent("kumo.sqlite").path)
        try store.importBars(
            [Bar(time: Timestamp(year: 2023, month: 12, day: 28)!, open: Price(units: 5), high: Price(units: 5), low: Price(units: 5), close: Price(units: 5), volume: 5)],
            symbol: Symbol("X")!, timeframe: Timeframe(1, .day))
        let before = try store.bars(symbol: Symbol("X")!, timeframe: Timeframe(1, .day))

        var message = ""
        do {
            let bars = try BarCSVReader().read(file)
            try store.importBars(bars, symbol: Symbol("X")!, timeframe: Timeframe(1, .day))
        } catch let error as BarImportError {
            message = error.description
        }

        #expect(message.hasPrefix(folder.path + "/" + entry.error), "\(message)")
        #expect(try store.bars(symbol: Symbol("X")!, timeframe: Timeframe(1, .day)) == before)
    }

    /// A 2 GiB line (a sparse file, so the test is quick) is refused without reading it into memory.
    @Test func aTwoGigabyteLineIsRefusedByItsLength() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-huge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("huge.csv")
        try Self.header.write(to: file, atomically: true, encoding: .utf8)
        let handle = try FileHandle(forWritingTo: file)
        try handle.seek(toOffset: UInt64(Self.header.utf8.count) + (2 << 30))
        try handle.write(contentsOf: Data("\n".utf8))
        try handle.close()
        #expect(throws: BarImportError.self) { try BarCSVReader().read(file) }
        do { _ = try BarCSVReader().read(file) } catch {
            #expect(error.description.hasSuffix("huge.csv:2: the line is 2147483648 bytes long, over the 1048576-byte limit"))
        }
    }

    @Test func aByteOrderMarkAndWindowsLineEndingsAreAccepted() throws {
        let text = "\u{FEFF}date,open,high,low,close,volume\r\n2024-01-02,1,2,1,2,10\r\n2024-01-03,2,3,2,3,20\r\n"
        let bars = try BarCSVReader().read(text: text, name: "bom.csv")
        #expect(bars.map(\.close) == [Price(units: 2), Price(units: 3)])
    }
}
