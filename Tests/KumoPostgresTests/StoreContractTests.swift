import Foundation
import KumoCore
import KumoData
@testable import KumoPostgres
import Testing

/// One store suite, run against the embedded SQLite store and the PostgreSQL store: the same
/// inputs must give the same answers, worked out here by hand.
struct StoreContractTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgres
        var testDescription: String { rawValue }

        func open() async throws -> any MarketStore {
            switch self {
            case .sqlite:
                return try MarketDataStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("kumo-contract-\(UUID().uuidString).sqlite").path)
            case .postgres:
                return try PostgresMarketStore(url: try await PostgresServer.freshDatabase())
            }
        }
    }

    static let day: Int64 = 86_400_000_000_000
    static let start = Timestamp(year: 2024, month: 1, day: 2, utcOffsetSeconds: 9 * 3600)!

    static func bars(_ count: Int, base: Int64 = 70_000, offset: Int = 0) -> [Bar] {
        (0..<count).map { i in
            let price = base + Int64(i * 100)
            return Bar(
                time: Timestamp(nanoseconds: start.nanoseconds + Int64(i + offset) * day), open: Price(units: price), high: Price(units: price + 500),
                low: Price(units: price - 500), close: Price(units: price + 100), volume: 1_000 + Int64(i), value: i % 2 == 0 ? Price(units: price * 1_000) : nil)
        }
    }

    @Test(arguments: Backend.allCases) func importsAreWholeAndIdempotent(_ backend: Backend) async throws {
        let store = try await backend.open()
        let samsung = Symbol("005930")!, hynix = Symbol("000660")!
        let daily = Timeframe(parsing: "1d")!
        #expect(try store.importBars([(samsung, daily, Self.bars(600)), (hynix, daily, Self.bars(10, base: 120_000))]) == 610)
        #expect(try store.importBars([(samsung, daily, Self.bars(600))]) == 0, "the same bars again change nothing")
        var changed = Self.bars(3)
        changed[1] = Bar(time: changed[1].time, open: changed[1].open, high: changed[1].high, low: changed[1].low, close: Price(units: 70_150), volume: 5)
        #expect(try store.importBars([(samsung, daily, changed)]) == 1, "one bar differs")
        // A bar whose low is above its high is refused, and the whole import with it.
        var broken = Self.bars(5, offset: 600)
        broken[4] = Bar(time: broken[4].time, open: Price(units: 100), high: Price(units: 90), low: Price(units: 95), close: Price(units: 92), volume: 1)
        #expect(throws: MarketDataStore.Failure.self) { try store.importBars([(hynix, daily, Self.bars(3, offset: 700)), (samsung, daily, broken)]) }
        #expect(try store.bars(symbol: hynix, timeframe: daily, from: nil, to: nil).count == 10, "nothing of the refused import was written")

        let all = try store.bars(symbol: samsung, timeframe: daily, from: nil, to: nil)
        #expect(all.count == 600 && all[1].close == Price(units: 70_150) && all[1].volume == 5 && all[0].value == Price(units: 70_000_000) && all[1].value == nil)
        // [from, to): bars 10 … 19.
        let window = try store.bars(symbol: samsung, timeframe: daily, from: all[10].time, to: all[20].time)
        #expect(window.map(\.time) == Array(all[10..<20]).map(\.time))
        let summary = try store.series()
        #expect(summary.map { "\($0.symbol) \($0.timeframe) \($0.count)" } == ["000660 1d 10", "005930 1d 600"])
        #expect(summary[1].first == Self.start && summary[1].last == all.last!.time)

        // One batch naming a time twice keeps the later bar, as a file read top to bottom would.
        let twice = [Self.bars(1, offset: 900)[0], Bar(time: Self.bars(1, offset: 900)[0].time, open: Price(units: 1_000), high: Price(units: 1_000),
                                                       low: Price(units: 1_000), close: Price(units: 1_000), volume: 7)]
        #expect(try store.importBars([(hynix, daily, twice)]) == 1)
        #expect(try store.bars(symbol: hynix, timeframe: daily, from: twice[0].time, to: nil).map(\.volume) == [7])
    }

    @Test(arguments: Backend.allCases) func replayMergesByTimeThenSymbol(_ backend: Backend) async throws {
        let store = try await backend.open()
        let daily = Timeframe(parsing: "1d")!
        try store.importBars([(Symbol("005930")!, daily, Self.bars(4)), (Symbol("000660")!, daily, Self.bars(3, offset: 1)), (Symbol("035420")!, daily, Self.bars(2))])
        var order: [String] = []
        try store.replay(symbols: [], timeframe: daily, from: nil, to: nil) { order.append("\($0.symbol.code)@\(($0.bar.time.nanoseconds - Self.start.nanoseconds) / Self.day)") }
        #expect(order == ["005930@0", "035420@0", "000660@1", "005930@1", "035420@1", "000660@2", "005930@2", "000660@3", "005930@3"])
        var some: [String] = []
        let from = Timestamp(nanoseconds: Self.start.nanoseconds + Self.day)
        try store.replay(symbols: [Symbol("005930")!, Symbol("035420")!], timeframe: daily, from: from, to: nil) { some.append($0.symbol.code) }
        #expect(some == ["005930", "035420", "005930", "005930"])
    }

    @Test(arguments: Backend.allCases) func altDataIsStoredOnceAndReadPointInTime(_ backend: Backend) async throws {
        let store = try await backend.open()
        #expect(try store.nameInstruments([Symbol("005930")!: "삼성전자", Symbol("000660")!: "SK하이닉스"]) == 2)
        #expect(try store.nameInstruments([Symbol("005930")!: "삼성전자"]) == 0)
        #expect(try store.instrumentNames() == [Symbol("005930")!: "삼성전자", Symbol("000660")!: "SK하이닉스"])

        let filings = (0..<5).map { i in
            Disclosure(
                corpCode: "00126380", corpName: "삼성전자", stockCode: i == 4 ? "000660" : "005930", corpClass: "Y", reportName: "단일판매ㆍ공급계약체결",
                receiptNumber: "2024010\(i + 2)000001", filerName: "삼성전자", receiptDate: "2024010\(i + 2)", remarks: "")
        }
        #expect(try store.storeDisclosures(filings) == 5)
        #expect(try store.storeDisclosures(filings) == 0)
        let samsung = try store.disclosures(symbol: Symbol("005930")!, from: nil, to: nil, limit: nil)
        #expect(samsung.map(\.receiptNumber) == ["20240102000001", "20240103000001", "20240104000001", "20240105000001"])
        #expect(try store.disclosures(symbol: Symbol("005930")!, from: nil, to: nil, limit: 2).map(\.receiptDate) == ["20240104", "20240105"])
        // Published at 18:00 KST of the receipt date: as of noon on the 4th, two.
        let noon = Timestamp(year: 2024, month: 1, day: 4, hour: 12, utcOffsetSeconds: 9 * 3600)!
        #expect(try store.disclosures(symbol: nil, from: nil, to: noon, limit: nil).count == 2)

        func story(_ key: String, _ title: String, hours: Int64, _ codes: [String]) -> NewsArticle {
            NewsArticle(
                key: key, titleKey: title, source: "wire", title: title, link: "", summary: "", publishedAt: Timestamp(nanoseconds: Self.start.nanoseconds + hours * 3_600_000_000_000),
                symbols: codes.map { Symbol($0)! })
        }
        let stories = [story("a", "삼성전자 수주", hours: 1, ["005930"]), story("b", "삼성전자 수주", hours: 5, ["005930"]), story("c", "하이닉스", hours: 2, ["000660", "005930"]),
                       story("d", "삼성전자 수주", hours: 30, ["005930"])]
        #expect(try store.storeNews(stories) == 3, "b repeats a's title four hours later (another outlet's copy); d, 29 hours later, is news again")
        #expect(try store.storeNews(stories) == 0)
        let read = try store.news(symbol: Symbol("005930")!, from: nil, to: nil)
        #expect(read.map(\.key) == ["a", "c", "d"])
        #expect(read.first { $0.key == "c" }?.symbols == [Symbol("000660")!, Symbol("005930")!])

        let month = { (m: Int) in EconPeriod(containing: CivilDate(year: 2024, month: m, day: 1)!, frequency: .monthly) }
        let release = { (p: EconPeriod) in Timestamp(year: p.end.year, month: p.end.month, day: p.end.day, hour: 18, utcOffsetSeconds: 9 * 3600)! }
        let seen = Timestamp(year: 2024, month: 6, day: 1, utcOffsetSeconds: 0)!
        let first = try store.storeEcon(series: "cpi", values: [(month(1), 113.2), (month(2), 113.8)], seenAt: seen, release: release)
        #expect(first.added == 2 && first.revised == 0)
        let second = try store.storeEcon(series: "cpi", values: [(month(1), 113.2), (month(2), 113.9)], seenAt: seen, release: release)
        #expect(second.added == 0 && second.revised == 1)
        let vintages = try store.econ(series: "cpi", asOf: nil)
        #expect(vintages.map(\.value) == [113.2, 113.8, 113.9] && vintages[2].publishedAt == seen)
        #expect(try store.econ(series: "cpi", asOf: Timestamp(nanoseconds: seen.nanoseconds - 1)).map(\.value) == [113.2, 113.8])

        #expect(try store.cursor("dart.list") == nil)
        try store.setCursor("dart.list", "20240105")
        try store.setCursor("dart.list", "20240108")
        #expect(try store.cursor("dart.list") == "20240108")
    }

    @Test(arguments: Backend.allCases) func companiesAndStatementsAreStoredOnceAndRestatementsReplace(_ backend: Backend) async throws {
        let store = try await backend.open()
        let codes = [
            CorpCode(corpCode: "00126380", name: "삼성전자", stockCode: "005930", modified: "20240102"),
            CorpCode(corpCode: "00164779", name: "에스케이하이닉스", stockCode: "000660", modified: "20240102"),
            CorpCode(corpCode: "00999999", name: "비상장", stockCode: nil, modified: "20230101"),
        ]
        #expect(try store.storeCorpCodes(codes) == 3)
        #expect(try store.storeCorpCodes(codes) == 0)
        var renamed = codes[1]
        renamed.name = "SK하이닉스"
        renamed.modified = "20240301"
        #expect(try store.storeCorpCodes([renamed]) == 1)
        #expect(try store.corpCode(of: Symbol("000660")!) == "00164779")
        #expect(try store.corpCode(of: Symbol("999999")!) == nil)

        let profile = CompanyProfile(
            corpCode: "00126380", name: "삼성전자(주)", englishName: "SAMSUNG ELECTRONICS CO,.LTD", stockName: "삼성전자", stockCode: "005930", ceo: "한종희",
            corpClass: "Y", industryCode: "264", established: "19690113", fiscalMonth: "12", homepage: "www.samsung.com/sec")
        #expect(try store.storeCompanyProfile(profile))
        #expect(try store.storeCompanyProfile(profile) == false)
        #expect(try store.companyProfile("00126380") == profile)
        #expect(try store.companyProfile("00000000") == nil)

        func line(_ account: String, _ order: Int, current: Int64?, report: FinancialLine.Report = .annual, year: Int = 2023) -> FinancialLine {
            FinancialLine(
                receiptNumber: "20240312000736", report: report, businessYear: year, corpCode: "00126380", stockCode: "005930", statementBasis: "CFS",
                statement: "IS", account: account, current: current, previous: 302_231_360_000_000, beforePrevious: nil, order: order, currency: "KRW")
        }
        let lines = [line("매출액", 1, current: 258_935_494_000_000), line("영업이익", 3, current: 6_566_976_000_000), line("매출액", 1, current: 67_780_000_000_000, report: .firstQuarter, year: 2024)]
        #expect(try store.storeFinancialLines(lines) == 3)
        #expect(try store.storeFinancialLines(lines) == 0)
        #expect(try store.storeFinancialLines([line("영업이익", 3, current: 6_567_000_000_000)]) == 1, "a restated amount replaces the old")
        let annual = try store.financialLines(corpCode: "00126380", year: 2023, report: .annual)
        #expect(annual.map(\.account) == ["매출액", "영업이익"])
        #expect(annual.map(\.current) == [258_935_494_000_000, 6_567_000_000_000])
        #expect(annual.first?.beforePrevious == nil && annual.first?.previous == 302_231_360_000_000)
        #expect(try store.financialLines(corpCode: "00126380", year: nil, report: nil).map(\.businessYear) == [2023, 2023, 2024])

        let release = { (p: EconPeriod) in Timestamp(year: p.end.year, month: p.end.month, day: p.end.day, hour: 18, utcOffsetSeconds: 9 * 3600)! }
        let day = { (d: Int) in EconPeriod(containing: CivilDate(year: 2024, month: 1, day: d)!, frequency: .daily) }
        let seen = Timestamp(year: 2024, month: 2, day: 1, utcOffsetSeconds: 0)!
        _ = try store.storeEcon(series: "usd_krw", values: [(day(2), 1300.0), (day(3), 1310.5), (day(4), 1308.0)], seenAt: seen, release: release)
        _ = try store.storeEcon(series: "base_rate", values: [(day(2), 3.5)], seenAt: seen, release: release)
        _ = try store.storeEcon(series: "usd_krw", values: [(day(4), 1309.0)], seenAt: seen, release: release)
        let listed = try store.econSeries()
        #expect(listed.map(\.name) == ["base_rate", "usd_krw"])
        #expect(listed.map(\.periods) == [1, 3], "a revision is another vintage, not another period")
        #expect(listed.map(\.last) == [day(2).label, day(4).label])
    }

    /// A PostgreSQL replay fetches its rows in pieces; the pieces' seams lose and repeat nothing.
    @Test func aPostgreSQLReplayInSmallPiecesMissesNothing() async throws {
        let store = try PostgresMarketStore(url: try await PostgresServer.freshDatabase())
        let daily = Timeframe(parsing: "1d")!
        try store.importBars([(Symbol("005930")!, daily, Self.bars(100)), (Symbol("000660")!, daily, Self.bars(51, offset: 20))])
        var whole: [String] = []
        try store.replay(symbols: [], timeframe: daily, from: nil, to: nil) { whole.append("\($0.symbol.code)@\($0.bar.time.nanoseconds)") }
        #expect(whole.count == 151)
        for piece in [1, 7, 151, 152] {
            store.rowsPerFetch = piece
            var pieces: [String] = []
            try store.replay(symbols: [], timeframe: daily, from: nil, to: nil) { pieces.append("\($0.symbol.code)@\($0.bar.time.nanoseconds)") }
            #expect(pieces == whole, "\(piece) rows a fetch")
        }
        // The body may read the store between fetches.
        try store.nameInstruments([Symbol("005930")!: "삼성전자"])
        store.rowsPerFetch = 10
        var names = 0
        try store.replay(symbols: [Symbol("000660")!], timeframe: daily, from: nil, to: nil) { _ in names += try store.instrumentNames().count }
        #expect(names == 51, "one name read for each of 000660's 51 bars")
    }
}
