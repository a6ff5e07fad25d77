import Foundation
import KumoCollectors
import KumoCore
import KumoData
import KumoEcon
import KumoKISSim
import Testing

/// The economic-series collector against the ECOS simulator (and a CSV/JSON source on the feed
/// server) over real loopback sockets: every value stored once with its release time, a second
/// run adding nothing, a revision kept as a new vintage, ERROR-602 stopping the run and the next
/// finishing it, server errors and stalls retried, ERROR-400 answered with smaller pages, and a
/// wrong key refused at once.
struct EconCollectorTests {
    static let start = CivilDate(year: 2023, month: 1, day: 1)!
    static let until = CivilDate(year: 2023, month: 12, day: 31)!

    static func series() -> [ECOSSimulator.Series] { ECOSSimulator.keySeries(start: start, days: 400, seed: 5) }

    static func withServer<T>(_ simulator: ECOSSimulator, _ body: (URL) async throws -> T) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = Task { try await ECOSSimulatorServer.run(simulator, port: 0) { continuation.yield($0) } }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        return try await body(URL(string: "http://127.0.0.1:\(port)/api/")!)
    }

    static func store() throws -> MarketDataStore {
        try MarketDataStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("kumo-econ-\(UUID().uuidString)/kumo.sqlite").path)
    }

    static func collector(_ url: URL, _ store: MarketDataStore, key: String = ECOSSimulator.Settings().key, pageRows: Int = 100) -> EconCollector {
        var settings = EconCollector.Settings()
        settings.requestsPerSecond = 500
        settings.backoff = 0.05
        settings.pageRows = pageRows
        settings.timeout = 4
        var collector = EconCollector(definitions: EconSeriesDefinition.standard, store: store, ecosURL: url, ecosKey: key, settings: settings)
        collector.calendar = KRXHolidays.calendar
        return collector
    }

    /// The simulator's values of 2023 by series name, as the standard definitions map its codes.
    static func expected() -> [String: [(EconPeriod, Double)]] {
        let names = ["722Y001": "base_rate", "731Y001": "usd_krw", "901Y009": "cpi", "817Y002": "ktb_3y"]
        var out: [String: [(EconPeriod, Double)]] = [:]
        for s in series() {
            out[names[s.stat]!] = s.values.compactMap { point in point.value.map { (point.period, $0) } }.filter { $0.0.end <= until }
        }
        return out
    }

    @Test func everyValueIsStoredOnceWithItsReleaseAndASecondRunAddsNothing() async throws {
        let simulator = ECOSSimulator(series: Self.series())
        let store = try Self.store()
        let expected = Self.expected()
        try await Self.withServer(simulator) { url in
            let collector = Self.collector(url, store)
            let first = await collector.run(until: Self.until, since: Self.start)
            #expect(first.failures.isEmpty, "\(first.failures)")
            for (name, values) in expected {
                let outcome = try #require(first.series.first { $0.name == name })
                #expect(outcome.added == values.count && outcome.revised == 0, "\(name): \(outcome)")
                let stored = try store.econ(series: name)
                #expect(stored.map(\.period) == values.map(\.0) && stored.map(\.value) == values.map(\.1), "\(name) stored as served")
            }
            #expect(first.requests > 8, "250 trading days take three pages of 100 rows per daily series")
            // Release times, worked out by hand: a day's rate at 18:00 KST that day; a month's CPI at 08:00 on the fifth trading day after.
            let fx = try store.econ(series: "usd_krw").first { $0.period.label == "20230707" }
            #expect(fx?.publishedAt == Timestamp(year: 2023, month: 7, day: 7, hour: 9, utcOffsetSeconds: 0))
            let cpi = try store.econ(series: "cpi").first { $0.period.label == "202304" }
            #expect(cpi?.publishedAt == Timestamp(year: 2023, month: 5, day: 9, hour: 8, utcOffsetSeconds: 9 * 3600), "May 2, 3, 4, 8, 9: the exchange closes on Labour Day (the 1st) and Children's Day (the 5th)")
            // The second run asks again only for the last period and the three before it: CPI's September to
            // December; the rates' December 25 (a holiday) to 28 (the 29th being the exchange's year-end closing).
            let second = await collector.run(until: Self.until)
            #expect(second.series.allSatisfy { $0.added == 0 && $0.revised == 0 && $0.values == ($0.name == "cpi" ? 4 : 3) }, "\(second.series)")
            #expect(second.requests == 4)
        }
    }

    @Test func aRevisionIsANewVintageVisibleOnlyFromWhenItWasSeen() async throws {
        let simulator = ECOSSimulator(series: Self.series())
        let store = try Self.store()
        try await Self.withServer(simulator) { url in
            let collector = Self.collector(url, store)
            _ = await collector.run(until: Self.until, since: Self.start)
            let before = Timestamp(nanoseconds: Int64(Date().timeIntervalSince1970 * 1e9))
            let original = try #require(try store.econ(series: "cpi").first { $0.period.label == "202311" })
            await simulator.revise(stat: "901Y009", item: "0", frequency: .monthly, period: "202311", to: original.value + 0.37)
            let again = await collector.run(until: Self.until)
            #expect(again.series.first { $0.name == "cpi" }?.revised == 1)
            let vintages = try store.econ(series: "cpi").filter { $0.period.label == "202311" }
            #expect(vintages.count == 2 && vintages[0].value == original.value && abs(vintages[1].value - (original.value + 0.37)) < 1e-9)
            #expect(vintages[1].publishedAt >= before, "the revision is public from when it was seen, not from November's release")
            // As known before the revision, the first value; after it, the revision.
            #expect(try store.econ(series: "cpi", asOf: before).filter { $0.period.label == "202311" }.map(\.value) == [original.value])
        }
    }

    @Test func theQuotaStopsARunAndTheNextFinishesIt() async throws {
        var settings = ECOSSimulator.Settings()
        settings.quota = 8
        let simulator = ECOSSimulator(series: Self.series(), settings: settings)
        let store = try Self.store()
        let expected = Self.expected()
        try await Self.withServer(simulator) { url in
            let collector = Self.collector(url, store)
            let first = await collector.run(until: Self.until, since: Self.start)
            #expect(first.stopped?.contains("ERROR-602") == true, "\(String(describing: first.stopped))")
            #expect(first.requests == 9, "three pages each of base_rate and usd_krw, CPI's one and ktb_3y's first answered; the ninth refused; nothing after")
            #expect(try store.econ(series: "ktb_3y").isEmpty, "a series cut short stores nothing until it is whole")
            await simulator.resetQuota()
            let second = await collector.run(until: Self.until, since: Self.start)
            #expect(second.stopped == nil && second.failures.isEmpty, "\(second.failures)")
            for (name, values) in expected {
                let stored = try store.econ(series: name)
                #expect(stored.count == values.count, "\(name): each value once across the two runs")
            }
        }
    }

    @Test func serverErrorsAndStallsAreRetriedAndLargePagesShrunk() async throws {
        var settings = ECOSSimulator.Settings()
        settings.serverErrors = [1, 4]
        settings.stalls = [2]
        settings.stallSeconds = 8
        settings.maxRows = 60
        let simulator = ECOSSimulator(series: Self.series(), settings: settings)
        let store = try Self.store()
        try await Self.withServer(simulator) { url in
            let report = await Self.collector(url, store, pageRows: 100).run(until: Self.until, since: Self.start)
            #expect(report.failures.isEmpty, "\(report.failures)")
            #expect(report.retries == 3, "two ERROR-500s and one stall past the 4 s timeout")
            for (name, values) in Self.expected() {
                let stored = try store.econ(series: name)
                #expect(stored.count == values.count, "\(name)")
            }
        }
    }

    @Test func aWrongKeyStopsTheECOSSeriesAtOnce() async throws {
        let simulator = ECOSSimulator(series: Self.series())
        let store = try Self.store()
        try await Self.withServer(simulator) { url in
            let report = await Self.collector(url, store, key: "WRONGKEY").run(until: Self.until, since: Self.start)
            #expect(report.requests == 1)
            #expect(report.failures.count == 4 && report.failures.allSatisfy { $0.contains("INFO-100") }, "\(report.failures)")
            let stored = try store.econ()
            #expect(stored.isEmpty)
        }
    }

    @Test func csvAndJSONSeriesFromAnyServer() async throws {
        let csv = "date,value\n2023-10,1.1\n2023-11,\n2023-12,1.3\n"
        let json = #"{"result":{"rows":[{"q":"2023Q3","v":"2.5"},{"q":"2023Q4","v":2.75}]}}"#
        let server = FeedServer(feeds: ["/rate.csv": Data(csv.utf8), "/gdp.json": Data(json.utf8)])
        await server.fail("/rate.csv", times: 1)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await FeedServer.run(server, port: 0) { continuation.yield($0) } }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let definitions = try EconDefinitionsFile.parse("""
            [[series]]
            name = "policy_rate"
            frequency = "M"
            csv = { url = "http://127.0.0.1:\(port)/rate.csv", date = "date", value = "value" }
            release = { rule = "trading_days_after", days = 1, at = "09:00" }
            [[series]]
            name = "gdp_growth"
            frequency = "Q"
            json = { url = "http://127.0.0.1:\(port)/gdp.json", rows = "result.rows", date = "q", value = "v" }
            release = { rule = "trading_days_after", days = 20, at = "08:00", dates = { "2023Q4" = "2024-01-25" } }
            """, file: "econ.toml")
        let store = try Self.store()
        var settings = EconCollector.Settings()
        settings.backoff = 0.05
        let collector = EconCollector(definitions: definitions, store: store, ecosKey: nil, settings: settings)
        let report = await collector.run(until: Self.until, since: CivilDate(year: 2023, month: 7, day: 1)!)
        #expect(report.failures.isEmpty && report.retries == 1, "\(report.failures)")
        #expect(report.series.first { $0.name == "policy_rate" }?.missing == 1)
        #expect(try store.econ(series: "policy_rate").map(\.value) == [1.1, 1.3])
        let gdp = try store.econ(series: "gdp_growth")
        #expect(gdp.map(\.value) == [2.5, 2.75])
        #expect(gdp.last?.publishedAt == Timestamp(year: 2024, month: 1, day: 25, hour: 8, utcOffsetSeconds: 9 * 3600), "the announced date")
        let december = try #require(try store.econ(series: "policy_rate").last)
        #expect(december.publishedAt == Timestamp(year: 2024, month: 1, day: 2, hour: 9, utcOffsetSeconds: 9 * 3600), "the first trading day of 2024")
    }
}
