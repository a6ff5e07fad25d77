import Foundation
import KumoCore
import KumoData
import KumoPostgres
import KumoTestSupport
import Testing

/// `kumo data migrate` over real stores: SQLite into PostgreSQL and back gives the same bars,
/// filings, stories and economic vintages (with their publication times), and a second copy
/// changes nothing; a backtest on either store trades the same.
struct MigrateCommandTests {
    /// Runs `kumo` with `arguments` and waits for it on a thread of its own (not the cooperative pool).
    static func kumo(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, output: String) {
        try await blocking { try kumoNow(arguments, environment: environment) }
    }

    private static func kumoNow(_ arguments: [String], environment: [String: String]) throws -> (status: Int32, output: String) {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kumo")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build kumo first: \(binary.path)")
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
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

    @Test func aStoreCrossesToPostgreSQLAndBackUnchanged() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-migrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let source = folder.appendingPathComponent("source.sqlite").path
        let back = folder.appendingPathComponent("back.sqlite").path
        #expect(try await Self.kumo(["data", "synth", "--symbols", "2", "--days", "300", "--seed", "5", "--db", source]).status == 0)
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

        try store.storeCorpCodes([CorpCode(corpCode: "00126380", name: "삼성전자", stockCode: "005930", modified: "20240102")])
        let profile = CompanyProfile(
            corpCode: "00126380", name: "삼성전자(주)", englishName: "SAMSUNG ELECTRONICS CO,.LTD", stockName: "삼성전자", stockCode: "005930", ceo: "한종희",
            corpClass: "Y", industryCode: "264", established: "19690113", fiscalMonth: "12", homepage: "www.samsung.com/sec")
        try store.storeCompanyProfile(profile)
        let lines = ["매출액", "영업이익"].enumerated().map { index, account in
            FinancialLine(
                receiptNumber: "20240312000736", report: .annual, businessYear: 2023, corpCode: "00126380", stockCode: "005930", statementBasis: "CFS",
                statement: "IS", account: account, current: [258_935_494_000_000, 6_566_976_000_000][index], previous: nil, beforePrevious: nil, order: index, currency: "KRW")
        }
        try store.storeFinancialLines(lines)

        let database = try await PostgresServer.freshDatabase()
        let there = try await Self.kumo(["data", "migrate", "--from", source, "--to", database])
        #expect(there.status == 0 && there.output.contains("600 bars (600 new or changed)") && there.output.contains("1 filings, 1 stories, 2 economic values, 1 company codes, 1 profiles, 2 statement lines"), "\(there.output)")
        #expect(try await Self.kumo(["data", "migrate", "--from", source, "--to", database]).output.contains("(0 new or changed), 0 names, 0 filings, 0 stories, 0 economic values, 0 company codes, 0 profiles, 0 statement lines"))
        let home = try await Self.kumo(["data", "migrate", "--from", database, "--to", "sqlite:" + back])
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
        #expect(try returned.companyProfile("00126380") == profile && returned.corpCode(of: Symbol("005930")!) == "00126380")
        #expect(try returned.financialLines(corpCode: "00126380", year: 2023, report: .annual) == lines)

        // The same backtest on SQLite and on PostgreSQL.
        let sqliteRun = try await Self.kumo(["backtest", "strategies/sma_cross.lua", "--data", "SYN0001", "--universe", "SYN0001", "--db", source])
        let postgresRun = try await Self.kumo(["backtest", "strategies/sma_cross.lua", "--data", "SYN0001", "--universe", "SYN0001", "--db", database])
        #expect(sqliteRun.status == 0 && postgresRun.status == 0, "\(postgresRun.output)")
        func fills(_ output: String) -> String? { output.split(separator: "\n").first { $0.contains("fills, P&L") }.map(String.init) }
        #expect(fills(sqliteRun.output) != nil && fills(sqliteRun.output) == fills(postgresRun.output))
        // Every data command works on either store and prints the same.
        for command in [["data", "resample", "SYN0001", "--from", "1d", "--to", "1w"], ["data", "export", "SYN0001", "--timeframe", "1w"], ["econ", "list"], ["data", "list"]] {
            let onSQLite = try await Self.kumo(command + ["--db", source]), onPostgres = try await Self.kumo(command + ["--db", database])
            #expect(onSQLite.status == 0 && onPostgres.status == 0, "\(command): \(onPostgres.output)")
            #expect(onSQLite.output.replacingOccurrences(of: source, with: "STORE") == onPostgres.output.replacingOccurrences(of: try PostgresAddress(parsing: database).description, with: "STORE"), "\(command)")
        }
        // KUMO_DB names the store when --db does not.
        let listed = try await Self.kumo(["data", "list"], environment: ["KUMO_DB": database])
        let named = try await Self.kumo(["data", "list", "--db", database])
        #expect(listed.status == 0 && listed.output == named.output && listed.output.contains("SYN0001"), "\(listed.output)")
        // 300 trading days make 60 or 61 weeks (a week cut by the start), one line each after the header.
        let weeks = try await Self.kumo(["data", "export", "SYN0001", "--timeframe", "1w", "--db", database]).output.split(separator: "\n").count - 1
        #expect((60...61).contains(weeks), "\(weeks)")
    }

    /// `kumo data import` into PostgreSQL: a CSV's rows, once; a second import changes nothing;
    /// a bad file is named by line and leaves the store as it was.
    @Test func csvFilesImportIntoPostgreSQLWholeOrNotAtAll() async throws {
        let database = try await PostgresServer.freshDatabase()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-pg-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let good = folder.appendingPathComponent("005930.csv"), bad = folder.appendingPathComponent("000660.csv")
        try "date,open,high,low,close,volume\n2024-01-02,78200,79800,78200,79600,17142847\n2024-01-03,78500,78800,77000,77000,21753644\n"
            .write(to: good, atomically: true, encoding: .utf8)
        try "date,open,high,low,close,volume\n2024-01-02,136000,138000,135000,137000,100\n2024-01-03,137000,x,136000,137500,100\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        let first = try await Self.kumo(["data", "import", good.path, "--db", database])
        #expect(first.status == 0 && first.output.contains("imported 2 rows, 2 new or changed"), "\(first.output)")
        #expect(try await Self.kumo(["data", "import", good.path, "--db", database]).output.contains("imported 2 rows, 0 new or changed"))
        let refused = try await Self.kumo(["data", "import", good.path, bad.path, "--db", database])
        #expect(refused.status != 0 && refused.output.contains("000660.csv") && refused.output.contains("000660.csv:3: field 'high'"), "\(refused.output)")
        let store = try PostgresMarketStore(url: database)
        #expect(try store.series().map(\.symbol) == ["005930"])
        #expect(try store.bars(symbol: Symbol("005930")!, timeframe: Timeframe(parsing: "1d")!).map(\.close) == [Price(units: 79_600), Price(units: 77_000)])
    }
}
