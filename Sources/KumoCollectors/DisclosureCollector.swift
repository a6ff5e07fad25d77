public import Foundation
public import KumoCore
public import KumoData
import KumoDART

/// Collects DART filings into the store, day by day, and remembers the last day it finished
/// (cursor `dart.list`), so a run resumes where the last one stopped and a second run over the
/// same days adds nothing. Requests are paced to `requestsPerSecond`; a timeout, a transport
/// error, maintenance (800) or an undefined error (900) is retried with doubling waits; the
/// daily quota (020) stops the run cleanly, to resume tomorrow; a refused key or a bad request
/// is an error at once.
public struct DisclosureCollector: Sendable {
    public struct Settings: Sendable {
        public var requestsPerSecond = 5.0
        /// Attempts after the first, per request.
        public var retries = 4
        /// The first wait before a retry, in seconds; it doubles each time.
        public var backoff = 0.5
        /// Filings per page (OpenDART allows 1–100).
        public var pageCount = 100
        public init() {}
    }

    /// What a run did.
    public struct Report: Sendable, Hashable {
        public var requests = 0
        public var retries = 0
        public var days = 0
        public var added = 0
        public var seen = 0
        /// Set when the quota stopped the run: the first day still to collect.
        public var resumeFrom: CivilDate?
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public let client: DARTClient
    public let store: any MarketStore
    public var settings: Settings
    public var cursorName = "dart.list"

    public init(client: DARTClient, store: any MarketStore, settings: Settings = Settings()) {
        self.client = client
        self.store = store
        self.settings = settings
    }

    /// Collects every filing received from `since` (or the day after the cursor, if later)
    /// through `until`.
    public func run(since: CivilDate, until: CivilDate, progress: ((CivilDate, Report) -> Void)? = nil) async throws(Failure) -> Report {
        var report = Report()
        var day = since
        do {
            if let position = try store.cursor(cursorName), let done = CivilDate(compact: position), done >= day { day = done.adding(days: 1) }
        } catch { throw Failure(description: error.description) }
        var pacer = Pacer(perSecond: settings.requestsPerSecond)
        while day <= until {
            let compact = day.compact
            var page = 1
            var pages = 1
            while page <= pages {
                let query = ["bgn_de": compact, "end_de": compact, "page_no": "\(page)", "page_count": "\(settings.pageCount)", "sort": "date", "sort_mth": "asc"]
                guard let result = try await fetch(query, &pacer, &report) else {
                    report.resumeFrom = day
                    return report
                }
                do { report.added += try store.storeDisclosures(result.disclosures) } catch { throw Failure(description: error.description) }
                report.seen += result.disclosures.count
                pages = max(result.totalPages, 1)
                page += 1
            }
            do { try store.setCursor(cursorName, compact) } catch { throw Failure(description: error.description) }
            report.days += 1
            progress?(day, report)
            day = day.adding(days: 1)
        }
        return report
    }

    /// One page, with pacing and retries; nil when the quota is spent (020); `Failure` when nothing more can be done.
    private func fetch(_ query: [String: String], _ pacer: inout Pacer, _ report: inout Report) async throws(Failure) -> DisclosurePage? {
        let calls = DARTCalls(client: client, retries: settings.retries, backoff: settings.backoff)
        do {
            return try await calls.call("list.json", query, &pacer, &report.requests, &report.retries, what: "list.json for \(query["bgn_de"] ?? "") page \(query["page_no"] ?? "")") {
                data throws(DARTError) in try DisclosurePage.parse(data)
            }
        } catch { throw Failure(description: error.description) }
    }
}

/// OpenDART requests with pacing and retries: a timeout, a transport error, maintenance (800) or
/// an undefined error is asked again after a doubling wait; the daily quota (020) is nil, to stop
/// and resume tomorrow; any other status is an error at once.
struct DARTCalls {
    let client: DARTClient
    let retries: Int
    let backoff: Double

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    func call<T>(
        _ endpoint: String, _ query: [String: String], _ pacer: inout Pacer, _ requests: inout Int, _ retried: inout Int, what: String,
        parse: (Data) throws(DARTError) -> T
    ) async throws(Failure) -> T? {
        var wait = backoff
        var attempt = 0
        while true {
            await pacer.next()
            requests += 1
            var problem: String
            do {
                let data = try await client.get(endpoint, query)
                do {
                    return try parse(data)
                } catch {
                    guard let status = error.status else { throw Failure(description: error.description) }
                    if status.meaning == .overLimit { return nil }
                    guard status.isRetryable else { throw Failure(description: error.description) }
                    problem = error.description
                }
            } catch let failure as Failure {
                throw failure
            } catch {
                problem = "\(error)"
            }
            attempt += 1
            guard attempt <= retries else { throw Failure(description: "\(what): gave up after \(attempt) attempts: \(problem)") }
            retried += 1
            try? await Task.sleep(for: .seconds(wait))
            wait *= 2
        }
    }
}

/// Spaces requests at least 1/rate apart.
struct Pacer {
    let interval: Double
    var last: ContinuousClock.Instant?

    init(perSecond rate: Double) { interval = rate > 0 ? 1 / rate : 0 }

    mutating func next() async {
        let now = ContinuousClock.now
        if let last {
            let due = last.advanced(by: .seconds(interval))
            if due > now { try? await Task.sleep(until: due, clock: .continuous) }
        }
        last = ContinuousClock.now
    }
}
