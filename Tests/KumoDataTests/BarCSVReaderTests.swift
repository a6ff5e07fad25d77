import Foundation
import KumoCore
import KumoData
import Testing

struct BarCSVReaderTests {
    let reader = BarCSVReader()

    @Test func readsTheCommonLayoutWithExactPrices() throws {
        let bars = try reader.read(text: "date,open,high,low,close,volume\n1995-01-03,2.179012,2.191358,2.117284,2.117284,36301200\n", name: "orcl.csv")
        #expect(bars.count == 1)
        #expect(bars[0].time == Timestamp(year: 1995, month: 1, day: 3))
        #expect(bars[0].open == Price(micros: 2_179_012))
        #expect(bars[0].volume == 36_301_200)
    }

    @Test func readsKoreanBrokerExportsWithTabsAndCompactDates() throws {
        let text = "일자\t시가\t고가\t저가\t종가\t거래량\t거래대금\n20231222\t75800\t76300\t75400\t75900\t13127519\t996000000000\n"
        let bars = try BarCSVReader(timeParser: BarTimeParser(utcOffsetSeconds: 9 * 3600)).read(text: text, name: "samsung.tsv")
        #expect(bars.first?.time.isoDate(utcOffsetSeconds: 9 * 3600) == "2023-12-22")
        #expect(bars.first?.close == Price(units: 75_900))
        #expect(bars.first?.value == Price(units: 996_000_000_000))
    }

    @Test func readsTheSharedFilesWhole() throws {
        for name in ["krx-005930-daily.csv", "orcl-1995-2014.csv", "index-futures-2006-01-minute.csv"] {
            let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/\(name)")
            let bars = try reader.read(file)
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").count - 1
            #expect(bars.count == lines, "\(name)")
            #expect(zip(bars, bars.dropFirst()).allSatisfy { $0.time < $1.time }, "\(name) in time order")
        }
    }

    @Test(arguments: [
        ("date,open,high,low,close\n", "f.csv:1: no 'volume' column (header: date, open, high, low, close); map one with a header override"),
        ("date,open,high,low,close,volume\n2024-13-01,1,1,1,1,1\n", "f.csv:2: field 'date': '2024-13-01' is not a date or time (YYYY-MM-DD, YYYYMMDD, YYYY-MM-DD HH:MM[:SS], Unix seconds)"),
        ("date,open,high,low,close,volume\n2024-01-02,1,1,1,1\n", "f.csv:2: 5 cells where the header has 6"),
        ("date,open,high,low,close,volume\n2024-01-02,1,1,1,1,-5\n", "f.csv:2: field 'volume': '-5' is not a share count"),
        ("date,open,high,low,close,volume\n2024-01-02,1,1,1,1.1234567,5\n", "f.csv:2: field 'close': '1.1234567' is not a price (digits, up to 6 decimals)"),
        ("date,close,open,high,low,close,volume\n", "f.csv:1: field 'close': a second column means 'close'"),
        ("date,open,high,low,close,volume\n2024-01-02,100,90,110,105,5\n",
         "f.csv:2: field 'high': prices are not consistent: need 0 < low <= open, close <= high (open 100, high 90, low 110, close 105)"),
    ])
    func badFilesAreRefusedWithFileLineAndField(_ text: String, _ message: String) {
        #expect(throws: BarImportError.self) { try reader.read(text: text, name: "f.csv") }
        do { _ = try reader.read(text: text, name: "f.csv") } catch { #expect(error.description == message) }
    }

    @Test func timesAcceptTheUsualForms() {
        let parser = BarTimeParser()
        let noon = Timestamp(year: 2024, month: 3, day: 15, hour: 12)
        for text in ["2024-03-15 12:00", "2024-03-15T12:00:00", "2024-03-15T12:00:00Z", "2024-03-15T21:00:00+09:00", "1710504000", "1710504000000"] {
            #expect(parser.parse(text) == noon, "\(text)")
        }
        #expect(parser.parse("2024/03/15") == Timestamp(year: 2024, month: 3, day: 15))
        #expect(parser.parse("15/03/2024") == nil)
        #expect(parser.parse("2023-02-29") == nil)
        #expect(parser.parse("9999999999") == nil)  // seconds past 2262: beyond nanoseconds in Int64
        #expect(parser.parse("9999999999999") == nil)  // milliseconds likewise
    }
}
