import Foundation
import KumoCore
import KumoData
import KumoPostgres
import Testing

/// `kumo data migrate` over real stores: SQLite into PostgreSQL and back gives the same bars,
/// filings, stories and economic vintages (with their publication times), and a second copy
/// changes nothing; a backtest on either store trades the same.
struct MigrateCommandTests {
    static func kumo(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kumo")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build kumo first: \(binary.path)")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-out-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: file.path, contents: nil)
        let handle = try FileHandle(forWritingTo: file)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, try String(contentsOf: file, encoding: .utf8))
    }

    @Test func aStoreCrossesToPostgreSQLAndBackUnchanged() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-migrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = folder.appendingPathComponent("source.sqlite").path
        let back = folder.appendingPathComponent("back.sqlite").path
        #expect(try Self.kumo(["data", "synth", "--symbols", "2", "--days", "300", "--seed", "5", "--db", source]).status == 0)
        let store = try MarketDataStore(path: source)
        let filing = Disclosure(
            corpCode: "00126380", corpName: "삼성전자", stockCode: "005930", corpClass: "Y", reportName: "주요사항보고서(자기주식취득결정)",
            receiptNumber: "20240105000123", filerName: "삼성전자", receiptDate: "20240105", remarks: "")
        try store.storeDisclosures([filing])
        try store.storeNews([NewsArticle(
            key: "k1", titleKey: "t1", source: "wire", title: "삼성전자 자사주 매입", link: "https://example.org/1", summary: "", publishedAt: filing.publishedAt,
            symbols: [Symbol("005930")!])])
        let month = EconPeriod(containing: CivilDate(year: 2024, month: 1, day: 1)!, frequency: .monthly)
        let release = Timestamp(year: 2024, month: 2, day: 7, hour: 8, utcOffsetSeconds: 9 * 3600)!
        let revisedAt = Timestamp(year: 2024, month: 3, day: 1, utcOffsetSeconds: 0)!
        _ = try store.storeEcon(series: "cpi", values: [(month, 113.2)], seenAt: release) { _ in release }
        _ = try store.storeEcon(series: "cpi", values: [(month, 113.3)], seenAt: revisedAt) { _ in release }

        let database = try PostgresServer.freshDatabase()
        let there = try Self.kumo(["data", "migrate", "--from", source, "--to", database])
        #expect(there.status == 0 && there.output.contains("600 bars (600 new or changed)") && there.output.contains("1 filings, 1 stories, 2 economic values"), "\(there.output)")
        #expect(try Self.kumo(["data", "migrate", "--from", source, "--to", database]).output.contains("(0 new or changed), 0 names, 0 filings, 0 stories, 0 economic values"))
        let home = try Self.kumo(["data", "migrate", "--from", database, "--to", "sqlite:" + back])
        #expect(home.status == 0, "\(home.output)")

        let returned = try MarketDataStore(path: back)
        #expect(try returned.series() == (try store.series()))
        for summary in try store.series() {
            let (symbol, frame) = (Symbol(summary.symbol)!, Timeframe(parsing: summary.timeframe)!)
            #expect(try returned.bars(symbol: symbol, timeframe: frame) == (try store.bars(symbol: symbol, timeframe: frame)))
        }
        #expect(try returned.disclosures() == [filing])
        #expect(try returned.news().map(\.key) == ["k1"])
        #expect(try returned.econ(series: "cpi").map(\.publishedAt) == [release, revisedAt], "both vintages, each at its time")

        // The same backtest on SQLite and on PostgreSQL.
        let sqliteRun = try Self.kumo(["backtest", "strategies/sma_cross.lua", "--data", "SYN0001", "--universe", "SYN0001", "--db", source])
        let postgresRun = try Self.kumo(["backtest", "strategies/sma_cross.lua", "--data", "SYN0001", "--universe", "SYN0001", "--db", database])
        #expect(sqliteRun.status == 0 && postgresRun.status == 0, "\(postgresRun.output)")
        func fills(_ output: String) -> String? { output.split(separator: "\n").first { $0.contains("fills, P&L") }.map(String.init) }
        #expect(fills(sqliteRun.output) != nil && fills(sqliteRun.output) == fills(postgresRun.output))
        // A command that works on the SQLite file says so for a PostgreSQL address.
        #expect(try Self.kumo(["data", "resample", "SYN0001", "--to", "1w", "--db", database]).output.contains("works on the embedded SQLite store"))
    }
}
