import ArgumentParser
import Foundation
import KumoCollectors
import KumoCore
import KumoDART
import KumoData

/// The OpenDART key and address a command uses.
struct DARTOptions: ParsableArguments {
    @Option(help: "The OpenDART key (default: $DART_API_KEY).") var key: String?
    @Option(help: "OpenDART's address.") var baseURL = DARTClient.official.absoluteString
    @Option(help: "Seconds before a request times out.") var timeout = 15.0

    func client() throws -> DARTClient {
        guard let key = key ?? ProcessInfo.processInfo.environment["DART_API_KEY"], !key.isEmpty else { throw ValidationError("--key or DART_API_KEY: OpenDART needs a key") }
        guard let url = URL(string: baseURL), url.scheme == "http" || url.scheme == "https" else { throw ValidationError("--base-url: '\(baseURL)' is not an http(s) address") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        return DARTClient(baseURL: url, key: key, timeout: timeout)
    }
}

/// `kumo collect corp-codes [FILE]`.
struct CollectCorpCodesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corp-codes", abstract: "Store DART's company codes (corpCode.xml) and name the listed companies' instruments.",
        discussion: """
            Without FILE the codes are downloaded (a ZIP holding CORPCODE.xml); FILE may be that ZIP or CORPCODE.xml itself. The codes \
            link a symbol to its DART company (kumo collect financials needs them), and every listed company's name reaches the news tagger.
            """)

    @Argument(help: "corpCode.xml's ZIP or CORPCODE.xml (default: download it).") var file: String?
    @OptionGroup var dart: DARTOptions
    @OptionGroup var store: StoreOptions

    func run() throws {
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("\(file): cannot be read") }
            let codes: [CorpCode]
            do { codes = try CorpCodeArchive.read(data) } catch { throw ValidationError("\(file): \(error.description)") }
            let collector = CompanyCollector(client: DARTClient(key: ""), store: try store.open())
            let report: CompanyCollector.Report
            do { report = try collector.store(codes) } catch { throw ValidationError(error.description) }
            print("corp codes: \(report.companies) companies, \(report.listed) listed")
            return
        }
        let collector = CompanyCollector(client: try dart.client(), store: try store.open())
        try runScheduled(nil) {
            let report: CompanyCollector.Report
            do throws(CompanyCollector.Failure) { report = try await collector.corpCodes() } catch { throw ValidationError(error.description) }
            print(report.stoppedByQuota ? "corp codes: the daily quota is spent (020); try again tomorrow" : "corp codes: \(report.companies) companies, \(report.listed) listed (\(report.requests) requests)")
        }
    }
}

/// `kumo collect financials --symbol CODE… --years 2021-2023 [--reports annual,…] [--refresh]`.
struct CollectFinancialsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "financials", abstract: "Collect companies' profiles and key financial statement lines (OpenDART company.json, fnlttSinglAcnt.json).",
        discussion: """
            Each symbol's DART company comes from the stored codes (kumo collect corp-codes). Reports: annual (사업보고서, 11011), half \
            (11012), q1 (11013), q3 (11014). A report already stored is skipped unless --refresh (a restated amount then replaces the \
            old); one not filed yet (013) is counted and asked again next time; the daily quota (020) stops the run.
            """)

    @Option(help: "A symbol (repeatable).") var symbol: [String]
    @Option(help: "Business years, YYYY or YYYY-YYYY (from 2015).") var years: String
    @Option(help: "Reports, comma-separated: annual, half, q1, q3.") var reports = "annual"
    @Flag(help: "Ask again for reports already stored.") var refresh = false
    @Option(help: "Requests a second.") var rate = 5.0
    @OptionGroup var dart: DARTOptions
    @OptionGroup var store: StoreOptions

    func run() throws {
        guard !symbol.isEmpty else { throw ValidationError("--symbol: name at least one") }
        let symbols = try symbol.map { code in
            guard let value = Symbol(code) else { throw ValidationError("--symbol '\(code)' is not a symbol") }
            return value
        }
        let bounds = years.split(separator: "-").map { Int($0) }
        guard (1...2).contains(bounds.count), let first = bounds.first ?? nil, let last = bounds.last ?? nil, first >= 2015, first <= last, last <= 2100 else {
            throw ValidationError("--years '\(years)': YYYY or YYYY-YYYY, from 2015")
        }
        let kinds: [String: FinancialLine.Report] = ["annual": .annual, "half": .halfYear, "q1": .firstQuarter, "q3": .thirdQuarter]
        let chosen = try reports.split(separator: ",").map { name in
            guard let kind = kinds[String(name).trimmingCharacters(in: .whitespaces)] else { throw ValidationError("--reports: '\(name)' is not annual, half, q1 or q3") }
            return kind
        }
        guard rate > 0 else { throw ValidationError("--rate must be positive") }
        var collector = CompanyCollector(client: try dart.client(), store: try store.open())
        collector.requestsPerSecond = rate
        let (configured, refresh) = (collector, refresh)
        try runScheduled(nil) {
            let report: CompanyCollector.Report
            do throws(CompanyCollector.Failure) { report = try await configured.financials(symbols: symbols, years: first...last, reports: chosen, refresh: refresh) } catch {
                throw ValidationError(error.description)
            }
            var line = "financials: \(report.requests) requests, \(report.profiles) profiles new or changed, \(report.statements) reports, \(report.lines) lines new or changed, \(report.notFiled) not filed yet"
            if report.stoppedByQuota { line += "; the daily quota is spent (020): run again tomorrow" }
            print(line)
        }
    }
}
