import Foundation
import KumoCore
import KumoNews
import Testing

/// Feeds as the Korean financial press and wires publish them (RSS 2.0 and Atom), their times,
/// the keys that find copies of one story, and the companies a story names.
struct NewsFeedTests {
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)"))
    }

    static func kst(_ d: Int, _ h: Int, _ m: Int, _ s: Int = 0) -> Timestamp { Timestamp(year: 2026, month: 12, day: d, hour: h, minute: m, second: s, utcOffsetSeconds: 9 * 3600)! }

    @Test func rssItemsParseWithTheirTimesAndPlainText() throws {
        let items = try FeedParser.parse(try Self.fixture("press-rss.xml"), source: "press")
        #expect(items.count == 3)
        #expect(items[0].title == "삼성전자, 4분기 영업이익 시장 예상 웃돌아" && items[0].guid == "press-2026120401")
        #expect(items[0].summary == "삼성전자가 메모리 가격 반등에 힘입어 호실적 을 냈다. SK하이닉스도 강세.")
        #expect(items[0].published == Self.kst(4, 8, 30))
        #expect(items[1].published == Self.kst(4, 10, 5), "KST as a zone name")
        #expect(items[2].published == Self.kst(4, 8, 10), "23:10 GMT is 08:10 KST the next day")
        #expect(items[2].summary.contains("\"검토 중\""), "entities decoded")
    }

    @Test func atomEntriesTakeTheAlternateLinkAndEitherTime() throws {
        let items = try FeedParser.parse(try Self.fixture("wire-atom.xml"), source: "wire")
        #expect(items.count == 2)
        #expect(items[0].link == "https://wire.example.com/korea/samsung-q4" && items[0].guid == "urn:example:wire:991")
        #expect(items[0].published == Self.kst(4, 8, 31))
        #expect(items[1].published.nanoseconds == Self.kst(4, 10, 15, 30).nanoseconds + 250_000_000, "updated, with fractional seconds")
        #expect(items[1].summary == "카카오가 자기주식 소각을 결정했다.")
    }

    @Test func copiesOfAStoryShareAKey() throws {
        let press = try FeedParser.parse(try Self.fixture("press-rss.xml"), source: "press")
        let wire = try FeedParser.parse(try Self.fixture("wire-atom.xml"), source: "wire")
        // The same link with a tracking query or a fragment is one article.
        var copy = press[2]
        copy.link = "https://news.example.co.kr/article/2026120403?utm_medium=feed"
        copy.guid = nil
        var original = press[2]
        original.guid = nil
        #expect(copy.key == original.key)
        // A wire story republished with the same title, no guid and no link, matches on its normalised title.
        var retitled = FeedItem(source: "other", title: "삼성전자 4분기 영업이익, 시장 예상 웃돌아!", link: "", summary: "", published: wire[0].published, guid: nil)
        #expect(retitled.key == FeedItem(source: "x", title: wire[0].title, link: "", summary: "", published: wire[0].published, guid: nil).key)
        retitled.title = "삼성전자 4분기 영업손실"
        #expect(retitled.key != FeedItem(source: "x", title: wire[0].title, link: "", summary: "", published: wire[0].published, guid: nil).key)
    }

    @Test func storiesAreTaggedWithTheCompaniesTheyName() throws {
        let tagger = TickerTagger.standard()
        let press = try FeedParser.parse(try Self.fixture("press-rss.xml"), source: "press")
        #expect(tagger.symbols(of: press[0]).map(\.code) == ["005930", "000660"], "name with a particle, and another company in the summary")
        #expect(tagger.symbols(of: press[1]).map(\.code) == ["005935"], "the preferred share is not the common one")
        #expect(tagger.symbols(of: press[2]).map(\.code) == ["035420"], "네이버, NAVER and its code are one company")
        let wire = try FeedParser.parse(try Self.fixture("wire-atom.xml"), source: "wire")
        #expect(tagger.symbols(of: wire[0]).map(\.code) == ["005930", "005380", "000270"])
        #expect(tagger.symbols(in: "LG전자와 LG화학, 지주사 LG").map(\.code) == ["066570", "051910", "003550"])
        #expect(tagger.symbols(in: "SKT가 아닌 SKTX").map(\.code) == ["017670"])
        #expect(tagger.symbols(in: "SKTX 1005930").isEmpty, "a code or Latin name inside a longer word or number is not a match")
        // An instrument table's names add to the aliases.
        let custom = TickerTagger.standard(adding: [Symbol("900001")!: "합성전자"])
        #expect(custom.symbols(in: "합성전자 급등").map(\.code) == ["900001"])
    }

    @Test func anItemWithoutATimeIsRefusedNamingIt() {
        let bad = Data("<rss><channel><item><title>무제</title><pubDate>yesterday</pubDate></item></channel></rss>".utf8)
        #expect(throws: FeedParser.Failure.self) { try FeedParser.parse(bad, source: "bad") }
        do { _ = try FeedParser.parse(bad, source: "bad") } catch { #expect(error.description.contains("item 1") && error.description.contains("yesterday")) }
        #expect(throws: FeedParser.Failure.self) { try FeedParser.parse(Data("<html><body/></html>".utf8), source: "page") }
    }
}
