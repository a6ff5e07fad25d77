public import Foundation
public import KumoCore
public import KumoData
import KumoDART

/// Collects what OpenDART says about companies: the company codes (corpCode.xml's ZIP), which
/// link a listed company's filings to its symbol and name its instrument; each company's profile
/// (company.json); and its key financial statement lines (fnlttSinglAcnt.json) for each year and
/// report asked. A report already stored is not asked again unless `refresh` (a restatement then
/// replaces the old amounts); 013 (not filed yet) is counted, not an error; the daily quota (020)
/// stops the run cleanly.
public struct CompanyCollector: Sendable {
    public let client: DARTClient
    public let store: any MarketStore
    public var requestsPerSecond = 5.0
    public var retries = 4
    public var backoff = 0.5

    public init(client: DARTClient, store: any MarketStore) {
        self.client = client
        self.store = store
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// What a run did.
    public struct Report: Sendable, Hashable {
        public var requests = 0
        public var retries = 0
        public var companies = 0
        public var listed = 0
        public var profiles = 0
        /// Reports fetched, reports not filed yet (013), and lines new or changed.
        public var statements = 0
        public var notFiled = 0
        public var lines = 0
        /// Set when the daily quota stopped the run.
        public var stoppedByQuota = false
    }

    /// Downloads the company codes, stores them and names the listed companies' instruments.
    public func corpCodes() async throws(Failure) -> Report {
        var report = Report()
        var pacer = Pacer(perSecond: requestsPerSecond)
        let codes: [CorpCode]?
        do {
            codes = try await calls.call("corpCode.xml", [:], &pacer, &report.requests, &report.retries, what: "corpCode.xml") { data throws(DARTError) in
                try CorpCodeArchive.read(data)
            }
        } catch { throw Failure(description: error.description) }
        guard let codes else {
            report.stoppedByQuota = true
            return report
        }
        try store(codes, &report)
        return report
    }

    /// Stores `codes` (from the download or a file) and names the listed companies' instruments.
    public func store(_ codes: [CorpCode]) throws(Failure) -> Report {
        var report = Report()
        try store(codes, &report)
        return report
    }

    private func store(_ codes: [CorpCode], _ report: inout Report) throws(Failure) {
        var names: [Symbol: String] = [:]
        for code in codes { if let stock = code.stockCode, let symbol = Symbol(stock) { names[symbol] = code.name } }
        do {
            _ = try store.storeCorpCodes(codes)
            _ = try store.nameInstruments(names)
        } catch { throw Failure(description: error.description) }
        report.companies = codes.count
        report.listed = names.count
    }

    /// Each symbol's profile and its key accounts for every year and report asked.
    public func financials(symbols: [Symbol], years: ClosedRange<Int>, reports: [FinancialLine.Report], refresh: Bool = false) async throws(Failure) -> Report {
        var report = Report()
        var pacer = Pacer(perSecond: requestsPerSecond)
        for symbol in symbols {
            let corp: String
            do {
                guard let found = try store.corpCode(of: symbol) else {
                    throw Failure(description: "\(symbol.code): no DART company code is stored for it (run kumo collect corp-codes first)")
                }
                corp = found
            } catch let failure as Failure { throw failure } catch { throw Failure(description: "\(error)") }
            let profile: CompanyProfile??
            do {
                profile = try await calls.call("company.json", ["corp_code": corp], &pacer, &report.requests, &report.retries, what: "company.json for \(corp)") {
                    data throws(DARTError) in try CompanyProfile.parse(data)
                }
            } catch { throw Failure(description: error.description) }
            guard let profile else {
                report.stoppedByQuota = true
                return report
            }
            if let profile {
                do { if try store.storeCompanyProfile(profile) { report.profiles += 1 } } catch { throw Failure(description: error.description) }
            }
            for year in years {
                for kind in reports {
                    if !refresh {
                        do { if try !store.financialLines(corpCode: corp, year: year, report: kind).isEmpty { continue } } catch { throw Failure(description: error.description) }
                    }
                    let query = ["corp_code": corp, "bsns_year": "\(year)", "reprt_code": kind.rawValue]
                    let lines: [FinancialLine]?
                    do {
                        lines = try await calls.call("fnlttSinglAcnt.json", query, &pacer, &report.requests, &report.retries, what: "fnlttSinglAcnt.json for \(corp) \(year) \(kind.rawValue)") {
                            data throws(DARTError) in try FinancialLine.parse(data)
                        }
                    } catch { throw Failure(description: error.description) }
                    guard let lines else {
                        report.stoppedByQuota = true
                        return report
                    }
                    if lines.isEmpty {
                        report.notFiled += 1
                        continue
                    }
                    report.statements += 1
                    do { report.lines += try store.storeFinancialLines(lines) } catch { throw Failure(description: error.description) }
                }
            }
        }
        return report
    }

    private var calls: DARTCalls { DARTCalls(client: client, retries: retries, backoff: backoff) }
}
