import ArgumentParser
import Foundation
import KumoCollectors
import KumoDART
import KumoCore
import KumoData
import KumoKISSim
import KumoNews

/// `kumo collect`: alternative data into the store.
struct CollectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "collect", abstract: "Collect alternative data (DART filings, news, economic series) into the store.", subcommands: [CollectDARTCommand.self, CollectNewsCommand.self, CollectEconCommand.self, CollectCorpCodesCommand.self, CollectFinancialsCommand.self])
}

/// `kumo collect dart [--since DATE] [--until DATE] [--schedule CRON]`.
struct CollectDARTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dart", abstract: "Collect DART filings (OpenDART list.json) day by day into the store, resuming where the last run stopped.",
        discussion: """
            The key is --key or DART_API_KEY. Each finished day moves the cursor (dart.list), so a second run adds nothing and a run \
            stopped by the daily quota (status 020) resumes the next day. Requests are paced (--rate a second); timeouts, 800 and 900 \
            are retried with doubling waits. With --schedule (five-field cron, KST, e.g. "0 19 * * 1-5") it runs at each match until stopped.
            kumo dart-sim serves a simulated OpenDART on loopback for rehearsal (--base-url http://127.0.0.1:PORT/api/).
            """)

    @Option(help: "The first receipt date to collect, YYYY-MM-DD (default: today, or the day after the cursor).") var since: String?
    @Option(help: "The last receipt date, YYYY-MM-DD (default: today, KST).") var until: String?
    @Option(help: "The OpenDART key (default: $DART_API_KEY).") var key: String?
    @Option(help: "OpenDART's address.") var baseURL = DARTClient.official.absoluteString
    @Option(help: "Requests a second.") var rate = 5.0
    @Option(help: "Seconds before a request times out.") var timeout = 15.0
    @Option(help: "Run at each minute this cron expression matches (KST) until stopped.") var schedule: String?
    @OptionGroup var store: StoreOptions

    func run() throws {
        guard let key = key ?? ProcessInfo.processInfo.environment["DART_API_KEY"], !key.isEmpty else { throw ValidationError("--key or DART_API_KEY: OpenDART needs a key") }
        guard let url = URL(string: baseURL), url.scheme == "http" || url.scheme == "https" else { throw ValidationError("--base-url: '\(baseURL)' is not an http(s) address") }
        guard rate > 0, timeout > 0 else { throw ValidationError("--rate and --timeout must be positive") }
        func date(_ text: String?, _ option: String) throws -> CivilDate? {
            guard let text else { return nil }
            guard let value = CivilDate(parsing: text) else { throw ValidationError("\(option): '\(text)' is not a date YYYY-MM-DD") }
            return value
        }
        let first = try date(since, "--since"), last = try date(until, "--until")
        if let first, let last, first > last { throw ValidationError("--since \(first) comes after --until \(last)") }
        let cron = try CronSchedule.option(schedule)
        var settings = DisclosureCollector.Settings()
        settings.requestsPerSecond = rate
        let collector = DisclosureCollector(client: DARTClient(baseURL: url, key: key, timeout: timeout), store: try store.open(), settings: settings)
        try runScheduled(cron) {
            let today = CivilDate(Timestamp(nanoseconds: Int64(Date().timeIntervalSince1970 * 1e9)), utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
            let end = last ?? today
            let report = try await collector.run(since: first ?? end, until: end) { day, report in
                print("\(day) done: \(report.seen) filings so far, \(report.added) new")
            }
            var line = "dart: \(report.days) days, \(report.requests) requests (\(report.retries) retried), \(report.seen) filings, \(report.added) new"
            if let resume = report.resumeFrom { line += "; the daily quota is spent (020): the next run resumes at \(resume)" }
            print(line)
        }
    }
}

extension CronSchedule {
    /// `--schedule`'s expression, parsed; nil when not given.
    static func option(_ text: String?) throws -> CronSchedule? {
        do { return try text.map { try CronSchedule(parsing: $0) } } catch let error as CronSchedule.ParseError { throw ValidationError("--schedule: \(error.description)") }
    }
}

/// Runs `body` once, or with `cron` at each minute it matches until SIGINT or SIGTERM.
func runScheduled(_ cron: CronSchedule?, _ body: @escaping @Sendable () async throws -> Void) throws {
    let message = serveUntilSignalled {
        repeat {
            try await body()
            guard let cron else { return }
            let now = Timestamp(nanoseconds: Int64(Date().timeIntervalSince1970 * 1e9))
            guard let next = cron.next(after: now) else { return }
            print("next run at \(next.kst)")
            try await Task.sleep(for: .nanoseconds(next.nanoseconds - now.nanoseconds))
        } while true
    }
    if let message { throw ValidationError(message) }
}

/// `kumo dart-sim`: a simulated OpenDART on loopback.
struct DARTSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dart-sim", abstract: "Run a simulated OpenDART (list.json, company.json) on loopback, with its quota and faults.")

    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port (0: any free port, printed at start).") var port = 8440
    @Option(help: "The first day of filings, YYYY-MM-DD.") var start = "2025-01-02"
    @Option(help: "Calendar days of filings.") var days = 90
    @Option(help: "The corpus' seed.") var seed = 1
    @Option(help: "Requests before 020 (POST /sim/reset-quota starts a new day).") var dailyLimit: Int?
    @Option(help: "The key clients must present.") var key = DARTSimulator.Settings().key

    func run() throws {
        guard let first = CivilDate(parsing: start) else { throw ValidationError("--start: '\(start)' is not a date YYYY-MM-DD") }
        guard (1...3650).contains(days) else { throw ValidationError("--days must be 1…3650") }
        var settings = DARTSimulator.Settings()
        settings.dailyLimit = dailyLimit
        settings.key = key
        let corpus = DARTSimulator.corpus(start: first, days: days, seed: UInt64(seed))
        let simulator = DARTSimulator(disclosures: corpus.disclosures, profiles: corpus.profiles, settings: settings)
        let (host, port, count, accepted) = (host, port, corpus.disclosures.count, settings.key)
        let message = serveUntilSignalled {
            try await DARTSimulatorServer.run(simulator, host: host, port: port) { bound in
                print("dart-sim on http://\(host):\(bound)/api/: \(count) filings from \(first), key \(accepted)")
            }
        }
        if let message { throw ValidationError(message) }
    }
}

/// `kumo collect news --feed NAME=URL … [--schedule CRON]`.
struct CollectNewsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "news", abstract: "Collect RSS/Atom news feeds into the store, each story once, tagged with the listed companies it names.",
        discussion: """
            Each feed is asked with the ETag of its last answer, so an unchanged feed costs a 304. A story is stored once by its guid or \
            link, and another outlet's copy (the same title within a day) is kept out. Stories are tagged with the companies they name: \
            the Korean names and aliases of large KRX listings, the store's instrument names (kumo collect corp-codes), and six-digit \
            codes. A feed that fails is retried, then reported; the others are still collected.
            """)

    @Option(help: "A feed as NAME=URL (RSS 2.0 or Atom); repeatable.") var feed: [String]
    @Option(help: "Seconds before a request times out.") var timeout = 15.0
    @Option(help: "Run at each minute this cron expression matches (KST) until stopped.") var schedule: String?
    @OptionGroup var store: StoreOptions

    func run() throws {
        guard !feed.isEmpty else { throw ValidationError("--feed NAME=URL: name at least one feed") }
        let feeds = try feed.map { text -> NewsCollector.Feed in
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let url = URL(string: parts[1]), url.scheme == "http" || url.scheme == "https" else {
                throw ValidationError("--feed '\(text)' is not NAME=http(s)://…")
            }
            return NewsCollector.Feed(name: parts[0], url: url)
        }
        let cron = try CronSchedule.option(schedule)
        let database = try store.open()
        let names: [Symbol: String]
        do throws(MarketDataStore.Failure) { names = try database.instrumentNames() } catch { throw ValidationError(error.description) }
        var collector = NewsCollector(feeds: feeds, store: database, tagger: .standard(adding: names))
        collector.timeout = timeout
        let configured = collector
        try runScheduled(cron) {
            let report = await configured.run()
            print("news: \(report.requests) requests, \(report.notModified) unchanged, \(report.items) stories, \(report.added) new, \(report.tagged) tagged")
            for failure in report.failures { print("failed \(failure)") }
        }
    }
}
