import Foundation
import KumoCollectors
import KumoCore
import KumoDART
import KumoData
import KumoKISSim
import Testing

/// The DART collector against the OpenDART simulator over a real loopback socket: it stores every
/// filing once, resumes from its cursor, stops cleanly on the daily quota and finishes the next
/// day, retries timeouts and maintenance, and refuses a wrong key at once.
struct DisclosureCollectorTests {
    static let start = CivilDate(year: 2025, month: 3, day: 3)!
    static let end = CivilDate(year: 2025, month: 3, day: 28)!

    static func corpus() -> (disclosures: [Disclosure], profiles: [String: [String: String]]) {
        DARTSimulator.corpus(start: start, days: 40, seed: 9)
    }

    /// Runs the simulator's server on a free port while `body` runs.
    static func withServer<T>(_ simulator: DARTSimulator, _ body: (URL) async throws -> T) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = Task { try await DARTSimulatorServer.run(simulator, port: 0) { continuation.yield($0) } }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        return try await body(URL(string: "http://127.0.0.1:\(port)/api/")!)
    }

    static func store() throws -> MarketDataStore {
        try MarketDataStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("kumo-dart-\(UUID().uuidString)/kumo.sqlite").path)
    }

    static func fast() -> DisclosureCollector.Settings {
        var settings = DisclosureCollector.Settings()
        settings.requestsPerSecond = 200
        settings.backoff = 0.05
        settings.pageCount = 2  // several pages a day
        return settings
    }

    static var inRange: [Disclosure] {
        corpus().disclosures.filter { $0.receiptDate >= start.compact && $0.receiptDate <= end.compact }
    }

    @Test func everyFilingIsStoredOnceAndASecondRunAddsNothing() async throws {
        let corpus = Self.corpus()
        let simulator = DARTSimulator(disclosures: corpus.disclosures, profiles: corpus.profiles)
        let store = try Self.store()
        try await Self.withServer(simulator) { url in
            let collector = DisclosureCollector(client: DARTClient(baseURL: url, key: simulator.settings.key, timeout: 5), store: store, settings: Self.fast())
            let first = try await collector.run(since: Self.start, until: Self.end)
            #expect(first.added == Self.inRange.count && first.seen == Self.inRange.count && first.days == 26)
            #expect(first.requests > first.days, "days with more than five filings take several pages")
            // The cursor says the range is done: nothing is asked again.
            let second = try await collector.run(since: Self.start, until: Self.end)
            #expect(second.requests == 0 && second.added == 0)
            // A collector with its own cursor asks for everything again, and the store keeps each filing once.
            var again = collector
            again.cursorName = "dart.list.again"
            let third = try await again.run(since: Self.start, until: Self.end)
            #expect(third.seen == Self.inRange.count && third.added == 0)
        }
        let stored = try store.disclosures()
        #expect(stored.count == Self.inRange.count)
        #expect(Set(stored.map(\.receiptNumber)) == Set(Self.inRange.map(\.receiptNumber)))
        // Point in time: a reader at 17:59 on a filing's day does not see it; at 18:00 it does.
        let sample = Self.inRange[Self.inRange.count / 2]
        let day = CivilDate(compact: sample.receiptDate)!
        let before = Timestamp(year: day.year, month: day.month, day: day.day, hour: 17, minute: 59, utcOffsetSeconds: 9 * 3600)!
        #expect(!(try store.disclosures(symbol: Symbol(sample.stockCode!)!, to: before)).contains { $0.receiptNumber == sample.receiptNumber })
        #expect(try store.disclosures(symbol: Symbol(sample.stockCode!)!, to: sample.publishedAt).contains { $0.receiptNumber == sample.receiptNumber })
    }

    @Test func theQuotaStopsARunCleanlyAndTheNextDayFinishesIt() async throws {
        let corpus = Self.corpus()
        var settings = DARTSimulator.Settings()
        settings.dailyLimit = 12
        let simulator = DARTSimulator(disclosures: corpus.disclosures, profiles: corpus.profiles, settings: settings)
        let store = try Self.store()
        try await Self.withServer(simulator) { url in
            let collector = DisclosureCollector(client: DARTClient(baseURL: url, key: settings.key, timeout: 5), store: store, settings: Self.fast())
            let stopped = try await collector.run(since: Self.start, until: Self.end)
            let resume = try #require(stopped.resumeFrom, "020 stops the run")
            #expect(stopped.requests == 13 && resume > Self.start && resume <= Self.end)
            #expect(try store.cursor("dart.list") == resume.adding(days: -1).compact, "the cursor holds the last finished day")
            await simulator.resetQuota()
            var total = stopped.added
            while true {
                let next = try await collector.run(since: Self.start, until: Self.end)
                total += next.added
                guard next.resumeFrom != nil else { break }
                await simulator.resetQuota()
            }
            #expect(total == Self.inRange.count, "every filing once across the interrupted runs")
        }
        #expect(try store.disclosures().count == Self.inRange.count)
    }

    @Test func timeoutsAndMaintenanceAreRetried() async throws {
        let corpus = Self.corpus()
        var settings = DARTSimulator.Settings()
        settings.stalls = [3, 7]
        settings.stallSeconds = 10
        settings.maintenance = [5]
        let simulator = DARTSimulator(disclosures: corpus.disclosures, profiles: corpus.profiles, settings: settings)
        let store = try Self.store()
        try await Self.withServer(simulator) { url in
            let collector = DisclosureCollector(client: DARTClient(baseURL: url, key: settings.key, timeout: 4), store: store, settings: Self.fast())
            let report = try await collector.run(since: Self.start, until: Self.start.adding(days: 6))
            #expect(report.retries == 3, "two timeouts and one 800, each asked again")
            #expect(report.resumeFrom == nil && report.days == 7)
        }
        #expect(try store.disclosures().count == Self.inRange.filter { $0.receiptDate <= Self.start.adding(days: 6).compact }.count)
    }

    @Test func aWrongKeyIsRefusedAtOnceNamingTheStatus() async throws {
        let corpus = Self.corpus()
        let simulator = DARTSimulator(disclosures: corpus.disclosures, profiles: corpus.profiles)
        let store = try Self.store()
        try await Self.withServer(simulator) { url in
            let collector = DisclosureCollector(client: DARTClient(baseURL: url, key: "wrong", timeout: 5), store: store, settings: Self.fast())
            do {
                _ = try await collector.run(since: Self.start, until: Self.end)
                Issue.record("a wrong key must fail")
            } catch let error as DisclosureCollector.Failure {
                #expect(error.description.contains("010") && error.description.contains("list.json"), "\(error.description)")
            }
            #expect(await simulator.requests == 1, "no retries for a refused key")
        }
        #expect(try store.cursor("dart.list") == nil)
    }
}
