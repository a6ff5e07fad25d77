import ArgumentParser
import Foundation
import KumoCollectors
import KumoCore
import KumoData
import KumoEcon
import KumoKISSim

/// The series a command works on: the standard ones, with a definitions file's added or replacing them.
struct EconDefinitionOptions: ParsableArguments {
    @Option(help: "A TOML file of [[series]] definitions, added to the standard ones (base_rate, usd_krw, cpi, ktb_3y).") var definitions: String?
    @Option(help: "Only this series (repeatable; default: every defined one).") var series: [String] = []

    func load() throws -> [EconSeriesDefinition] {
        var all = EconSeriesDefinition.standard
        if let definitions {
            do { all = EconDefinitionsFile.merged(try EconDefinitionsFile.read(URL(fileURLWithPath: definitions))) } catch { throw ValidationError(error.description) }
        }
        guard !series.isEmpty else { return all }
        return try series.map { name in
            guard let found = all.first(where: { $0.name == name }) else {
                throw ValidationError("--series \(name): no such series (defined: \(all.map(\.name).joined(separator: ", ")))")
            }
            return found
        }
    }
}

/// `kumo collect econ [--series NAME…] [--definitions FILE] [--since] [--until] [--schedule CRON]`.
struct CollectEconCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "econ", abstract: "Collect economic series (ECOS, or any CSV/JSON source) into the store, point in time.",
        discussion: """
            The standard series are the Bank of Korea's base rate (base_rate), the USD/KRW trading-base rate (usd_krw), the consumer \
            price index (cpi) and the 3-year KTB yield (ktb_3y), from ECOS; --definitions adds others (see kumo econ --help). Each value \
            is stored with the moment it became public by its series' release rule (kumo econ calendar), so a backtest never sees it \
            earlier; a value that changes later is kept as a revision from when it was seen. A series resumes after the last period \
            stored (asking again for the last three). The ECOS key is --ecos-key or ECOS_KEY. ERROR-602 (too many calls) stops the run \
            until the next; ERROR-500/600/601 and timeouts are retried. kumo ecos-sim serves a simulated ECOS for rehearsal.
            """)

    @OptionGroup var selection: EconDefinitionOptions
    @Option(help: "The first date to collect for a series never collected, YYYY-MM-DD (default: its definition's).") var since: String?
    @Option(help: "The last date, YYYY-MM-DD (default: today, KST).") var until: String?
    @Option(help: "The ECOS key (default: $ECOS_KEY).") var ecosKey: String?
    @Option(help: "ECOS's API root.") var ecosURL = EconCollector.ecosOfficial.absoluteString
    @Option(help: "Requests a second.") var rate = 2.0
    @Option(help: "Seconds before a request times out.") var timeout = 15.0
    @Option(help: "Run at each minute this cron expression matches (KST) until stopped.") var schedule: String?
    @OptionGroup var store: StoreOptions

    func run() throws {
        let definitions = try selection.load()
        guard let url = URL(string: ecosURL), url.scheme == "http" || url.scheme == "https" else { throw ValidationError("--ecos-url: '\(ecosURL)' is not an http(s) address") }
        guard rate > 0, timeout > 0 else { throw ValidationError("--rate and --timeout must be positive") }
        let first = try since.map { text in
            guard let date = CivilDate(parsing: text) else { throw ValidationError("--since: '\(text)' is not a date YYYY-MM-DD") }
            return date
        }
        let last = try until.map { text in
            guard let date = CivilDate(parsing: text) else { throw ValidationError("--until: '\(text)' is not a date YYYY-MM-DD") }
            return date
        }
        if let first, let last, first > last { throw ValidationError("--since \(first) comes after --until \(last)") }
        let cron = try CronSchedule.option(schedule)
        var settings = EconCollector.Settings()
        settings.requestsPerSecond = rate
        settings.timeout = timeout
        let collector = EconCollector(
            definitions: definitions, store: try store.open(), ecosURL: url, ecosKey: ecosKey ?? ProcessInfo.processInfo.environment["ECOS_KEY"], settings: settings)
        try runScheduled(cron) {
            let today = CivilDate(Timestamp(nanoseconds: Int64(Date().timeIntervalSince1970 * 1e9)), utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
            let report = await collector.run(until: last ?? today, since: first)
            for s in report.series {
                print("\(s.name): \(s.values) values, \(s.added) new, \(s.revised) revised\(s.missing > 0 ? ", \(s.missing) blank" : "")\(s.last.map { ", last \($0)" } ?? "")")
            }
            for failure in report.failures { print("failed \(failure)") }
            print("econ: \(report.requests) requests (\(report.retries) retried)")
            if let stopped = report.stopped { print("stopped: \(stopped)") }
            if cron == nil, !report.failures.isEmpty { throw ValidationError("econ: \(report.failures.count) of \(definitions.count) series failed") }
        }
    }
}

/// `kumo econ`: the series' definitions, release calendar and stored values.
struct EconCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "econ", abstract: "Economic series: their definitions, release calendar and stored values.",
        discussion: """
            A definitions file holds [[series]] tables: name, title, unit, frequency (D, M, Q, A), one source — \
            ecos = { stat = "901Y009", items = ["0"] }, csv = { url, date, value } or json = { url, rows, date, value } — \
            release = { rule = "period_end" | "trading_days_after", days = N, at = "HH:MM", dates = { "202401" = "2024-02-02" } } (KST) \
            and since = "YYYY-MM-DD".
            """,
        subcommands: [EconListCommand.self, EconCalendarCommand.self, EconShowCommand.self])
}

/// `kumo econ list`.
struct EconListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Each defined series: source, release rule, and what the store holds.")
    @OptionGroup var selection: EconDefinitionOptions
    @OptionGroup var store: StoreOptions

    func run() throws {
        let database = try store.open()
        let stored: [(name: String, periods: Int, last: String)]
        do throws(MarketDataStore.Failure) { stored = try database.econSeries() } catch { throw ValidationError(error.description) }
        for d in try selection.load() {
            let source: String
            switch d.source {
            case .ecos(let stat, let items): source = "ECOS \(stat)/\(d.frequency.rawValue)/\(items.joined(separator: "/"))"
            case .csv(let url, _, _): source = "CSV \(url.absoluteString)"
            case .json(let url, _, _, _): source = "JSON \(url.absoluteString)"
            }
            let held = stored.first { $0.name == d.name }.map { "\($0.periods) periods to \($0.last)" } ?? "none stored"
            print("\(d.name)  \(d.title) [\(d.unit)]  \(source)  released \(Self.describe(d.release))  \(held)")
        }
    }

    static func describe(_ release: ReleaseSchedule) -> String {
        let time = String(format: "%02d:%02d KST", release.hour, release.minute)
        let rule = switch release.rule {
        case .periodEnd: "on the period's last day"
        case .tradingDaysAfter(let n): "on trading day \(n) after the period"
        }
        return "\(rule) at \(time)" + (release.dates.isEmpty ? "" : " (\(release.dates.count) announced dates)")
    }
}

/// `kumo econ calendar [--from DATE] [--days N]`.
struct EconCalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "calendar", abstract: "The release dates of the series' monthly, quarterly and annual values in a range, in order.")
    @OptionGroup var selection: EconDefinitionOptions
    @Option(help: "The first day, YYYY-MM-DD (default: today, KST).") var from: String?
    @Option(help: "Days to list.") var days = 60
    @Flag(help: "List daily series' releases too.") var daily = false

    func run() throws {
        let today = CivilDate(Timestamp(nanoseconds: Int64(Date().timeIntervalSince1970 * 1e9)), utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        guard let start = from.map({ CivilDate(parsing: $0) }) ?? today else { throw ValidationError("--from: '\(from ?? "")' is not a date YYYY-MM-DD") }
        guard (1...3660).contains(days) else { throw ValidationError("--days must be 1…3660") }
        let end = start.adding(days: days - 1)
        var lines: [(Timestamp, String)] = []
        for d in try selection.load() where daily || d.frequency != .daily {
            for release in d.release.releases(of: d.frequency, from: start, to: end, calendar: KRXHolidays.calendar) {
                lines.append((release.at, "\(release.at.kst)  \(d.name)  \(release.period.label)  \(d.title)"))
            }
        }
        for line in lines.sorted(by: { $0.0 < $1.0 }) { print(line.1) }
    }
}

/// `kumo econ show NAME [--as-of TIME] [--last N]`.
struct EconShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A series' stored values as known at a moment (default: now), with their publication times.")
    @Argument(help: "The series.") var name: String
    @Option(help: "As known at this date (YYYY-MM-DD, end of day KST).") var asOf: String?
    @Option(help: "The last N periods.") var last = 12
    @OptionGroup var store: StoreOptions

    func run() throws {
        var moment: Timestamp?
        if let asOf {
            guard let day = CivilDate(parsing: asOf) else { throw ValidationError("--as-of: '\(asOf)' is not a date YYYY-MM-DD") }
            moment = Timestamp(year: day.year, month: day.month, day: day.day, hour: 23, minute: 59, second: 59, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        }
        let database = try store.open()
        let vintages: [EconObservation]
        do throws(MarketDataStore.Failure) { vintages = try database.econ(series: name, asOf: moment) } catch { throw ValidationError(error.description) }
        guard !vintages.isEmpty else { throw ValidationError("\(name): nothing stored\(asOf.map { " as of \($0)" } ?? "") (kumo collect econ)") }
        var latest: [EconPeriod: EconObservation] = [:]
        var revisions: [EconPeriod: Int] = [:]
        for v in vintages {
            revisions[v.period, default: -1] += 1
            latest[v.period] = v
        }
        for period in latest.keys.sorted().suffix(max(1, last)) {
            let v = latest[period]!
            print("\(period.label)  \(v.value)  published \(v.publishedAt.kst)\(revisions[period]! > 0 ? "  (\(revisions[period]!) revision\(revisions[period]! == 1 ? "" : "s"))" : "")")
        }
    }
}

/// `kumo ecos-sim`: a simulated ECOS on loopback.
struct ECOSSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecos-sim", abstract: "Run a simulated ECOS (StatisticSearch of the four key series) on loopback, with its quota and faults.")

    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port (0: any free port, printed at start).") var port = 8441
    @Option(help: "The first day of values, YYYY-MM-DD.") var start = "2020-01-01"
    @Option(help: "Calendar days of values.") var days = 1500
    @Option(help: "The paths' seed.") var seed = 1
    @Option(help: "Requests before ERROR-602 (POST /sim/reset-quota lifts it).") var quota: Int?
    @Option(help: "The key clients must present.") var key = ECOSSimulator.Settings().key

    func run() throws {
        guard let first = CivilDate(parsing: start) else { throw ValidationError("--start: '\(start)' is not a date YYYY-MM-DD") }
        guard (1...20_000).contains(days) else { throw ValidationError("--days must be 1…20000") }
        var settings = ECOSSimulator.Settings()
        settings.quota = quota
        settings.key = key
        let simulator = ECOSSimulator(series: ECOSSimulator.keySeries(start: first, days: days, seed: UInt64(seed)), settings: settings)
        let (host, port, accepted) = (host, port, key)
        let message = serveUntilSignalled {
            try await ECOSSimulatorServer.run(simulator, host: host, port: port) { bound in
                print("ecos-sim on http://\(host):\(bound)/api/: base_rate, usd_krw, cpi, ktb_3y from \(first), key \(accepted)")
            }
        }
        if let message { throw ValidationError(message) }
    }
}
