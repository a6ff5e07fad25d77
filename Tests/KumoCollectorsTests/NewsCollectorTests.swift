import Foundation
import KumoCollectors
import KumoCore
import KumoDART
import KumoData
import KumoKISSim
import KumoNews
import Testing

/// The news collector against feeds served over a real loopback socket: stories stored once,
/// another outlet's copy of a story kept out, tagged with the companies they name, a 304 for a
/// feed that has not changed, new stories picked up, and a failing feed retried or reported
/// while the others are still collected.
struct NewsCollectorTests {
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("KumoNewsTests/Fixtures/\(name)"))
    }

    static func withServer<T>(_ server: FeedServer, _ body: (URL) async throws -> T) async throws -> T {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await FeedServer.run(server, port: 0) { continuation.yield($0) } }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        return try await body(URL(string: "http://127.0.0.1:\(port)")!)
    }

    @Test func storiesAreStoredOnceTaggedAndCopiesKeptOut() async throws {
        let server = FeedServer(feeds: ["/press.xml": try Self.fixture("press-rss.xml"), "/wire.xml": try Self.fixture("wire-atom.xml")])
        let store = try MarketDataStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("kumo-news-\(UUID().uuidString)/kumo.sqlite").path)
        try await Self.withServer(server) { base in
            var collector = NewsCollector(
                feeds: [.init(name: "press", url: base.appendingPathComponent("press.xml")), .init(name: "wire", url: base.appendingPathComponent("wire.xml"))],
                store: store, tagger: .standard())
            collector.backoff = 0.05
            let first = await collector.run()
            // Five stories, of which the wire's Samsung story is the press story again: four stored.
            #expect(first.items == 5 && first.added == 4 && first.failures.isEmpty, "\(first)")
            let second = await collector.run()
            #expect(second.notModified == 2 && second.added == 0 && second.items == 0, "unchanged feeds answer 304: \(second)")
            // A new story appears in the press feed.
            let updated = String(decoding: try Self.fixture("press-rss.xml"), as: UTF8.self).replacingOccurrences(of: "<item>", with: """
                <item><title>SK하이닉스, HBM 증설 발표</title><link>https://news.example.co.kr/article/2026120409</link>
                <pubDate>Fri, 04 Dec 2026 13:00:00 +0900</pubDate></item><item>
                """, options: [], range: nil)
            await server.publish("/press.xml", Data(updated.utf8))
            let third = await collector.run()
            #expect(third.added == 1 && third.notModified == 1, "\(third)")
        }
        let samsung = try store.news(symbol: Symbol("005930")!)
        #expect(samsung.map(\.title) == ["삼성전자, 4분기 영업이익 시장 예상 웃돌아"], "the copy from the wire is not stored twice")
        #expect(try store.news(symbol: Symbol("000660")!).count == 2)
        #expect(try store.news(symbol: Symbol("005935")!).count == 1)
        #expect(try store.news().count == 5)
        // Point in time: at 10:04 KST the 10:05 story is not there yet.
        let before = Timestamp(year: 2026, month: 12, day: 4, hour: 10, minute: 4, utcOffsetSeconds: 9 * 3600)!
        #expect(try store.news(to: before).allSatisfy { $0.publishedAt <= before })
        #expect(try store.news(to: before).map(\.title) == ["네이버 웹툰 자회사 상장 추진", "삼성전자, 4분기 영업이익 시장 예상 웃돌아"])
    }

    @Test func aFailingFeedIsRetriedOrReportedAndTheOthersStillCollected() async throws {
        let server = FeedServer(feeds: ["/press.xml": try Self.fixture("press-rss.xml"), "/wire.xml": try Self.fixture("wire-atom.xml")])
        let store = try MarketDataStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("kumo-news-\(UUID().uuidString)/kumo.sqlite").path)
        try await Self.withServer(server) { base in
            var collector = NewsCollector(
                feeds: [
                    .init(name: "press", url: base.appendingPathComponent("press.xml")), .init(name: "gone", url: base.appendingPathComponent("gone.xml")),
                    .init(name: "wire", url: base.appendingPathComponent("wire.xml")),
                ], store: store, tagger: .standard())
            collector.backoff = 0.05
            collector.retries = 2
            await server.fail("/press.xml", times: 2)
            await server.fail("/wire.xml", times: 5)
            let report = await collector.run()
            #expect(report.added == 3, "press after two retries; the wire never: \(report)")
            #expect(report.failures.count == 2, "\(report.failures)")
            #expect(report.failures.contains { $0.hasPrefix("gone: HTTP 404") })
            #expect(report.failures.contains { $0.hasPrefix("wire: gave up after 3 attempts: HTTP 500") })
        }
    }

    @Test func instrumentNamesFromDARTsCorpCodesTagStoriesToo() async throws {
        let store = try MarketDataStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("kumo-news-\(UUID().uuidString)/kumo.sqlite").path)
        let codes = try CorpCode.parse(Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/domain/dart/CORPCODE.xml")))
        var names: [Symbol: String] = [:]
        for code in codes { if let stock = code.stockCode { names[Symbol(stock)!] = code.name } }
        names[Symbol("900001")!] = "합성전자"
        #expect(try store.nameInstruments(names) == 2)
        #expect(try store.nameInstruments(names) == 0, "naming again changes nothing")
        #expect(try store.instrumentNames()[Symbol("900001")!] == "합성전자")
        let feed = """
            <rss version="2.0"><channel><title>t</title>
            <item><title>합성전자, 신공장 착공</title><link>https://news.example.co.kr/a/1</link><pubDate>Fri, 04 Dec 2026 09:00:00 +0900</pubDate></item>
            </channel></rss>
            """
        let server = FeedServer(feeds: ["/local.xml": Data(feed.utf8)])
        try await Self.withServer(server) { base in
            let collector = NewsCollector(feeds: [.init(name: "local", url: base.appendingPathComponent("local.xml"))], store: store, tagger: .standard(adding: try store.instrumentNames()))
            let report = await collector.run()
            #expect(report.added == 1 && report.tagged == 1, "\(report)")
        }
        #expect(try store.news(symbol: Symbol("900001")!).count == 1)
    }
}
