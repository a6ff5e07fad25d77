import Foundation
import Testing

/// `kumo indicators FILE --ind …`: the exported columns carry the reference files' names and
/// equal TA-Lib's values row by row.
struct IndicatorsCommandTests {
    static let specs = ["sma:20", "ema:20", "wma:20", "dema:20", "tema:20", "rsi:14", "macd:12,26,9", "bbands:20,2", "atr:14",
                        "adx:14", "stoch:14,3,3", "willr:14", "cci:14", "mfi:14", "obv", "roc:10", "stddev:20", "linreg_slope:14",
                        "sar:0.02,0.2", "highest:20", "lowest:20", "ichimoku:9,26,52"]

    static func table(_ text: String) -> (header: [String], rows: [[String]]) {
        let lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return (lines[0], Array(lines.dropFirst()))
    }

    @Test func exportMatchesTheReferenceFileColumnByColumn() throws {
        let data = "../shared/data/krx-005930-daily.csv"
        let result = try KumoProcess.run(["indicators", data] + Self.specs.flatMap { ["--ind", $0] })
        #expect(result.status == 0)
        let ours = Self.table(result.output)
        let reference = Self.table(try String(contentsOf: TestPaths.shared.appendingPathComponent("reference/indicators-krx-005930.csv"), encoding: .utf8))
        #expect(Set(ours.header) == Set(reference.header))
        #expect(ours.rows.count == reference.rows.count)
        for (column, name) in reference.header.enumerated() {
            guard let mine = ours.header.firstIndex(of: name) else { continue }
            var mismatches = 0
            for (row, expected) in reference.rows.enumerated() {
                let value = ours.rows[row][mine]
                let agrees: Bool
                if name == "date" || expected[column].isEmpty || value.isEmpty {
                    agrees = value == expected[column]
                } else {
                    let (a, b) = (Double(value)!, Double(expected[column])!)
                    agrees = abs(a - b) <= max(1e-9 * abs(b), 1e-10)
                }
                if !agrees { mismatches += 1 }
            }
            #expect(mismatches == 0, "\(name): \(mismatches) rows differ")
        }
    }

    @Test func badInputsAreNamed() throws {
        let folder = try TestPaths.temporaryFolder()
        let file = folder.appendingPathComponent("bad.csv")
        try "date,open,high,low,close,volume\n2024-01-02,100,110,90,105,1000\n2024-01-03,100,11O,90,105,1000\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let bad = try KumoProcess.run(["indicators", file.path, "--ind", "sma:2"])
        #expect(bad.status != 0)
        #expect(bad.output.contains("bad.csv:3: field 'high': '11O' is not a price"))
        let unknown = try KumoProcess.run(["indicators", file.path, "--ind", "smaa:2"])
        #expect(unknown.output.contains("--ind smaa:2: unknown indicator 'smaa'"))
    }

    @Test func synthRefusesARunPastTheLastRepresentableYear() throws {
        let database = try TestPaths.temporaryFolder().appendingPathComponent("late.sqlite")
        let late = try KumoProcess.run(["data", "synth", "--symbols", "1", "--days", "2000", "--start", "2260-01-02", "--db", database.path])
        #expect(late.status != 0)
        #expect(late.output.contains("--start 2260-01-02 with --days 2000 runs past 2262"))
        #expect(!FileManager.default.fileExists(atPath: database.path))  // refused before the store is opened
    }
}
