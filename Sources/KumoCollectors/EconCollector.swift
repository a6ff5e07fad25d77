public import Foundation
public import KumoCore
public import KumoData
public import KumoEcon

/// Collects economic series into the store: each from the period after the last one it stored
/// (cursor `econ:NAME`), asking again for the last few periods so that a revised value becomes
/// a new vintage, through the period that holds `until`. ECOS is paged by row number; requests
/// are paced; a timeout, an HTTP error or an ECOS server failure (ERROR-500/600/601) is retried
/// with doubling waits; a range ECOS cannot search within its 60 s (ERROR-400) is asked for in
/// smaller pages; a throttled key (ERROR-602) stops the run cleanly, to resume later; a refused
/// key (INFO-100) stops the ECOS series at once. A series that fails is reported; the others are
/// still collected.
public struct EconCollector: Sendable {
    public struct Settings: Sendable {
        public var requestsPerSecond = 2.0
        /// Attempts after the first, per request.
        public var retries = 4
        /// The first wait before a retry, in seconds; it doubles each time.
        public var backoff = 0.5
        /// Rows per ECOS request.
        public var pageRows = 1000
        /// Periods before the cursor asked for again, for revisions.
        public var revisionWindow = 3
        public var timeout: TimeInterval = 15
        public init() {}
    }

    /// What a run did to one series.
    public struct SeriesReport: Sendable, Hashable {
        public var name: String
        public var values = 0
        public var added = 0
        public var revised = 0
        /// Periods the source gave without a number.
        public var missing = 0
        public var last: String?
    }

    public struct Report: Sendable {
        public var requests = 0
        public var retries = 0
        public var series: [SeriesReport] = []
        /// Series that could not be collected, with why.
        public var failures: [String] = []
        /// Set when ECOS throttled the key and the run stopped early.
        public var stopped: String?
    }

    public let definitions: [EconSeriesDefinition]
    public let store: any MarketStore
    /// ECOS's API root (`https://ecos.bok.or.kr/api/`) and key; ECOS series fail without a key.
    public var ecosURL: URL
    public var ecosKey: String?
    public var settings: Settings
    public var calendar: WeekdayCalendar = KRXHolidays.calendar

    public static let ecosOfficial = URL(string: "https://ecos.bok.or.kr/api/")!

    public init(definitions: [EconSeriesDefinition], store: any MarketStore, ecosURL: URL = EconCollector.ecosOfficial, ecosKey: String?, settings: Settings = Settings()) {
        self.definitions = definitions
        self.store = store
        self.ecosURL = ecosURL
        self.ecosKey = ecosKey
        self.settings = settings
    }

    /// Why one series stopped: the run goes on to the next, or (`stopsRun`) ends.
    struct SeriesFailure: Error {
        var description: String
        var stopsRun = false
        var stopsECOS = false
    }

    /// Collects every series through the period holding `until`; `since` replaces the first period of a series never collected.
    public func run(until: CivilDate, since: CivilDate? = nil) async -> Report {
        var report = Report()
        var pacer = Pacer(perSecond: settings.requestsPerSecond)
        var ecosRefused: String?
        for definition in definitions {
            if case .ecos = definition.source, let ecosRefused {
                report.failures.append("\(definition.name): \(ecosRefused)")
                continue
            }
            do {
                report.series.append(try await collect(definition, until: until, since: since, &pacer, &report))
            } catch {
                report.failures.append("\(definition.name): \(error.description)")
                if error.stopsECOS { ecosRefused = error.description }
                if error.stopsRun {
                    report.stopped = error.description
                    break
                }
            }
        }
        return report
    }

    /// The first period to ask for: a few before the cursor's, or the definition's first.
    func firstPeriod(_ definition: EconSeriesDefinition, since: CivilDate?) throws(SeriesFailure) -> EconPeriod {
        let position: String?
        do { position = try store.cursor("econ:\(definition.name)") } catch { throw SeriesFailure(description: error.description) }
        if let position, var period = EconPeriod(position, frequency: definition.frequency) {
            for _ in 0..<settings.revisionWindow { period = Self.previous(period) }
            return period
        }
        return EconPeriod(containing: since ?? definition.since, frequency: definition.frequency)
    }

    static func previous(_ period: EconPeriod) -> EconPeriod { EconPeriod(containing: period.start.adding(days: -1), frequency: period.frequency) }

    private func collect(_ definition: EconSeriesDefinition, until: CivilDate, since: CivilDate?, _ pacer: inout Pacer, _ report: inout Report) async throws(SeriesFailure) -> SeriesReport {
        let first = try firstPeriod(definition, since: since)
        let last = EconPeriod(containing: until, frequency: definition.frequency)
        var outcome = SeriesReport(name: definition.name)
        guard first <= last else { return outcome }
        let points: [TabularSeries.Point]
        switch definition.source {
        case .ecos(let stat, let items):
            points = try await ecos(stat: stat, items: items, definition.frequency, first, last, &pacer, &report)
        case .csv(let url, let date, let value):
            let data = try await fetch(url, label: definition.name, &pacer, &report)
            do { points = try TabularSeries.csv(data, dateColumn: date, valueColumn: value, frequency: definition.frequency, source: url.absoluteString) } catch {
                throw SeriesFailure(description: error.description)
            }
        case .json(let url, let rows, let date, let value):
            let data = try await fetch(url, label: definition.name, &pacer, &report)
            do { points = try TabularSeries.json(data, rowsPath: rows, dateField: date, valueField: value, frequency: definition.frequency, source: url.absoluteString) } catch {
                throw SeriesFailure(description: error.description)
            }
        }
        let inRange = points.filter { $0.period >= first && $0.period <= last }
        var values: [(period: EconPeriod, value: Double)] = []
        for point in inRange { if let value = point.value { values.append((point.period, value)) } else { outcome.missing += 1 } }
        outcome.values = values.count
        let (release, calendar) = (definition.release, calendar)
        do {
            let stored = try store.storeEcon(series: definition.name, values: values, seenAt: Timestamp(nanoseconds: Int64(Date().timeIntervalSince1970 * 1e9))) { release.releaseTime(of: $0, calendar: calendar) }
            outcome.added = stored.added
            outcome.revised = stored.revised
            if let newest = values.map(\.period).max() {
                outcome.last = newest.label
                if let position = try store.cursor("econ:\(definition.name)"), let previous = EconPeriod(position, frequency: definition.frequency), previous > newest {
                    return outcome
                }
                try store.setCursor("econ:\(definition.name)", newest.label)
            }
        } catch {
            throw SeriesFailure(description: error.description)
        }
        return outcome
    }

    /// Every row of one ECOS statistic item over `first…last`, page by page.
    private func ecos(
        stat: String, items: [String], _ frequency: EconFrequency, _ first: EconPeriod, _ last: EconPeriod, _ pacer: inout Pacer, _ report: inout Report
    ) async throws(SeriesFailure) -> [TabularSeries.Point] {
        guard let key = ecosKey, !key.isEmpty else { throw SeriesFailure(description: "no ECOS key (set ECOS_KEY or give --ecos-key)", stopsECOS: true) }
        var points: [TabularSeries.Point] = []
        var row = 1
        var size = settings.pageRows
        var total = Int.max
        while row <= total {
            var wait = settings.backoff
            var attempt = 0
            while true {
                let path = ECOSPage.path(key: key, stat: stat, frequency: frequency, from: first, to: last, items: items, first: row, last: row + size - 1)
                guard let url = URL(string: ecosURL.absoluteString + (ecosURL.absoluteString.hasSuffix("/") ? "" : "/") + path) else {
                    throw SeriesFailure(description: "\(stat): the ECOS address, key or codes do not make a valid URL", stopsECOS: true)
                }
                let page: ECOSPage
                var problem: String
                do {
                    let data = try await fetch(url, label: "\(stat) rows \(row)…", &pacer, &report, retrying: false)
                    page = try ECOSPage.parse(data, frequency: frequency)
                    points += page.rows.map { ($0.period, $0.value) }
                    total = page.total
                    row += size
                    break
                } catch let error as EconWireError {
                    switch error.status?.meaning {
                    case .keyRefused: throw SeriesFailure(description: error.description, stopsECOS: true)
                    case .throttled: throw SeriesFailure(description: "\(error.description): stopped; run again later to resume", stopsRun: true)
                    case .tooLarge where size > 10:
                        size = max(10, size / 2)
                        continue
                    case .serverFailure, .unknown: problem = error.description
                    default: throw SeriesFailure(description: error.description)
                    }
                } catch let error as SeriesFailure {
                    problem = error.description
                } catch {
                    problem = "\(error)"
                }
                attempt += 1
                guard attempt <= settings.retries else { throw SeriesFailure(description: "\(stat) rows \(row)…: gave up after \(attempt) attempts: \(problem)") }
                report.retries += 1
                try? await Task.sleep(for: .seconds(wait))
                wait *= 2
            }
            if total == 0 { break }
        }
        return points
    }

    /// A GET, paced; a transport failure is retried with doubling waits unless `retrying` is false.
    private func fetch(_ url: URL, label: String, _ pacer: inout Pacer, _ report: inout Report, retrying: Bool = true) async throws(SeriesFailure) -> Data {
        var wait = settings.backoff
        var attempt = 0
        while true {
            await pacer.next()
            report.requests += 1
            do {
                return try await HTTPGet.data(url, timeout: settings.timeout, label: label)
            } catch {
                attempt += 1
                guard retrying, attempt <= settings.retries else {
                    throw SeriesFailure(description: retrying ? "\(label): gave up after \(attempt) attempts: \(error.description)" : error.description)
                }
                report.retries += 1
                try? await Task.sleep(for: .seconds(wait))
                wait *= 2
            }
        }
    }
}
