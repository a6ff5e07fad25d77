import Foundation
import KumoCollectors
import KumoCore
import KumoDART
import KumoData
import KumoKISSim
import Testing

/// Company codes, profiles and financial statements from the OpenDART simulator over loopback:
/// the codes' ZIP links symbols to companies, statements are stored once, a second run asks for
/// nothing, a restatement replaces only what changed, an unfiled year is counted, and the quota
/// stops a run cleanly.
struct CompanyCollectorTests {
    static func collector(_ url: URL, _ simulator: DARTSimulator, _ store: MarketDataStore) -> CompanyCollector {
        var collector = CompanyCollector(client: DARTClient(baseURL: url, key: simulator.settings.key, timeout: 5), store: store)
        collector.requestsPerSecond = 200
        collector.backoff = 0.05
        return collector
    }

    @Test func codesProfilesAndStatementsAreStoredOnce() async throws {
        let corpus = DisclosureCollectorTests.corpus()
        let simulator = DARTSimulator(disclosures: corpus.disclosures, profiles: corpus.profiles)
        let store = try DisclosureCollectorTests.store()
        try await DisclosureCollectorTests.withServer(simulator) { url in
            let collector = Self.collector(url, simulator, store)
            let codes = try await collector.corpCodes()
            #expect(codes.companies == 5 && codes.listed == 3 && codes.requests == 1, "three listed companies and two unlisted, from one ZIP")
            #expect(try store.corpCode(of: Symbol("000660")!) == "00164779")
            #expect(try store.instrumentNames()[Symbol("035420")!] == "NAVER")

            let symbols = [Symbol("005930")!, Symbol("000660")!]
            let first = try await collector.financials(symbols: symbols, years: 2023...2025, reports: [.annual, .halfYear])
            // Two companies, three years, two reports: 2025 is not filed (013).
            #expect(first.statements == 8 && first.notFiled == 4 && first.profiles == 2, "\(first)")
            #expect(first.lines == 8 * 12, "six accounts, consolidated and separate, per report")
            let lines = try store.financialLines(corpCode: "00126380", year: 2023, report: .annual)
            #expect(lines.count == 12 && lines.allSatisfy { $0.stockCode == "005930" })
            let sales = try #require(lines.first { $0.statementBasis == "CFS" && $0.account == "매출액" })
            #expect((sales.current ?? 0) >= 1_000_000_000_000, "amounts with thousands separators read whole, in won: \(String(describing: sales.current))")
            #expect(try store.companyProfile("00126380")?.name == "삼성전자")

            // A second run asks only for the company profiles and the unfiled reports.
            let second = try await collector.financials(symbols: symbols, years: 2023...2025, reports: [.annual, .halfYear])
            #expect(second.statements == 0 && second.lines == 0 && second.requests == 2 + 4, "\(second)")

            // A restatement: with --refresh the one changed account is replaced; nothing else changes.
            await simulator.restate(corpCode: "00126380", year: 2023, report: "11011", account: "매출액", by: 1.01)
            let refreshed = try await collector.financials(symbols: [Symbol("005930")!], years: 2023...2023, reports: [.annual], refresh: true)
            #expect(refreshed.lines == 2, "the restated sales, consolidated and separate")
            let restated = try #require(try store.financialLines(corpCode: "00126380", year: 2023, report: .annual).first { $0.statementBasis == "CFS" && $0.account == "매출액" })
            #expect(restated.current != sales.current)
        }
    }

    @Test func theQuotaStopsAFinancialsRunCleanly() async throws {
        let corpus = DisclosureCollectorTests.corpus()
        var settings = DARTSimulator.Settings()
        settings.dailyLimit = 4
        let simulator = DARTSimulator(disclosures: corpus.disclosures, profiles: corpus.profiles, settings: settings)
        let store = try DisclosureCollectorTests.store()
        try await DisclosureCollectorTests.withServer(simulator) { url in
            let collector = Self.collector(url, simulator, store)
            _ = try await collector.corpCodes()
            let report = try await collector.financials(symbols: [Symbol("005930")!], years: 2020...2024, reports: [.annual])
            #expect(report.stoppedByQuota && report.statements == 2 && report.requests == 4, "the quota of four: the codes, the profile, two reports; then 020: \(report)")
            await simulator.resetQuota()
            let resumed = try await collector.financials(symbols: [Symbol("005930")!], years: 2020...2024, reports: [.annual])
            #expect(!resumed.stoppedByQuota && resumed.statements == 3, "the rest, none twice: \(resumed)")
        }
        // Without codes the symbol cannot be linked to a company.
        let empty = try DisclosureCollectorTests.store()
        await #expect(throws: CompanyCollector.Failure.self) {
            try await CompanyCollector(client: DARTClient(key: "x"), store: empty).financials(symbols: [Symbol("005930")!], years: 2023...2023, reports: [.annual])
        }
    }
}
