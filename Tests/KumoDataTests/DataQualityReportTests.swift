import Foundation
import KumoCore
import KumoData
import Testing

struct DataQualityReportTests {
    static func bar(_ day: Int, _ open: Int64, _ high: Int64, _ low: Int64, _ close: Int64, volume: Int64 = 100) -> Bar {
        Bar(time: Timestamp(year: 2024, month: 1, day: day, utcOffsetSeconds: 9 * 3600)!, open: Price(units: open),
            high: Price(units: high), low: Price(units: low), close: Price(units: close), volume: volume)
    }

    @Test func everyKindOfProblemIsFoundWhereItIs() {
        let bars = [
            Self.bar(2, 100, 110, 90, 105),
            Self.bar(3, 105, 100, 110, 104),  // high below low
            Self.bar(4, 104, 106, 100, 104, volume: 0),
            Self.bar(5, 104, 106, 100, 104, volume: 0),
            Self.bar(5, 104, 106, 100, 104),  // duplicate
            Self.bar(4, 104, 106, 100, 104),  // out of order
            Self.bar(15, 104, 106, 100, 100),  // 6 weekdays missing
            Self.bar(16, 2, 3, 2, 2),  // a 50:1 split
            Self.bar(17, 2, 4, 2, 4),  // +100% in a day
        ]
        let report = DataQualityReport(bars: bars, timeframe: Timeframe(1, .day))
        let found = report.findings.map { "\($0.index) \($0.kind.rawValue)" }
        #expect(found == ["1 inconsistent-ohlc", "2 zero-volume-run", "4 duplicate-time", "5 out-of-order", "6 gap", "7 probable-split", "8 outlier-return"])
        #expect(report.hasErrors)
        #expect(report.findings[5].message.contains("50:1"))
    }

    @Test func theSamsungHaltAroundItsSplitIsReported() throws {
        let file = MarketDataStoreTests.shared.appendingPathComponent("krx-005930-daily.csv")
        let bars = try BarCSVReader(timeParser: BarTimeParser(utcOffsetSeconds: 9 * 3600)).read(file)
        let report = DataQualityReport(bars: bars, timeframe: Timeframe(1, .day))
        let halts = report.findings.filter { $0.kind == .zeroVolumeRun }
        #expect(halts.map { $0.time.isoDate(utcOffsetSeconds: 9 * 3600) } == ["2018-04-30"])
        #expect(!report.hasErrors)
    }
}
