import Foundation
import KumoCore
import KumoSentiment
import Testing

/// The lexicon's rules, the filing tones and the point-in-time book.
struct LexiconAndBookTests {
    @Test func directionsAndReversalsApplyToThePolarWordBefore() {
        let lexicon = Lexicon.shipped()
        func label(_ text: String) -> SentimentLabel { lexicon.score(text).label }
        #expect(label("A사, 적자 폭 크게 줄이며 턴어라운드") == .positive, "a loss that shrinks")
        #expect(label("B사, 손실 확대") == .negative)
        #expect(label("C사, 불확실성 해소") == .positive)
        #expect(label("D사, 비용 절감") == .positive)
        #expect(label("E사, 매출 증가") == .positive, "a direction alone carries its own sign")
        #expect(label("F사, 영업이익 18% 감소") == .negative)
        #expect(label("G사, 목표주가 하향") == .negative)
        #expect(label("H사, 정기 주주총회 개최") == .neutral)
        #expect(label("I사, 흑자 전환") == .positive && label("J사, 적자 전환") == .negative)
        // A clause ends at a comma: the polar word before it does not take the direction after.
        #expect(lexicon.score("K사 적자, 매출 증가").score == 0)
        // The longest term is matched first: "어닝 쇼크" once, not "쇼크" again.
        #expect(lexicon.matches(in: "어닝 쇼크").count == 1)
        do { _ = try Lexicon.parse("좋다\tgood\tx\n", file: "l.tsv") } catch { #expect(error.description.hasPrefix("l.tsv:1: expected")) }
        do { _ = try Lexicon.parse("좋다\tpos\tx\n좋다\tneg\ty\n", file: "l.tsv") } catch { #expect(error.description == "l.tsv:2: '좋다' is listed twice") }
    }

    @Test func filingsAreTonedByKind() {
        #expect(DisclosureTone.score(.buyback) > 0 && DisclosureTone.score(.supplyContract) > 0 && DisclosureTone.score(.dividend) > 0)
        #expect(DisclosureTone.score(.rightsOffering) < 0 && DisclosureTone.score(.convertibleBond) < 0 && DisclosureTone.score(.delisting) == -1)
        #expect(DisclosureTone.score(.periodicReport) == 0 && DisclosureTone.score(.earnings) == 0)
    }

    @Test func theBookIsPointInTimeAndDecays() {
        let samsung = Symbol("005930")!
        let t0 = Timestamp(year: 2024, month: 3, day: 4, hour: 9, utcOffsetSeconds: 9 * 3600)!
        func at(hours: Double) -> Timestamp { Timestamp(nanoseconds: t0.nanoseconds + Int64(hours * 3_600_000_000_000)) }
        let book = SentimentBook([
            SentimentItem(symbol: samsung, publishedAt: t0, score: 1, source: .news),
            SentimentItem(symbol: samsung, publishedAt: at(hours: 72), score: -1, source: .news),
            SentimentItem(symbol: samsung, publishedAt: at(hours: 80), score: 0.6, source: .disclosure(.buyback)),
            SentimentItem(symbol: Symbol("000660")!, publishedAt: t0, score: -1, source: .news),
        ], halfLifeDays: 3)
        #expect(book.snapshot(samsung, at: at(hours: -1)) == SentimentSnapshot(score: 0, news: 0, disclosures: 0, count24h: 0, positive24h: 0, negative24h: 0, total: 0))
        #expect(book.snapshot(samsung, at: t0).score == 1 && book.snapshot(samsung, at: t0).total == 1)
        // At 72 h the first story weighs half (one half-life), the second whole: (0.5·1 − 1) / 1.5.
        let later = book.snapshot(samsung, at: at(hours: 72))
        #expect(abs(later.news - (0.5 - 1) / 1.5) < 1e-12)
        #expect(later.count24h == 1 && later.negative24h == 1 && later.disclosures == 0)
        let withFiling = book.snapshot(samsung, at: at(hours: 80))
        #expect(withFiling.disclosures == 0.6 && withFiling.total == 3 && withFiling.count24h == 2 && withFiling.positive24h == 1)
        let days = book.daily(samsung)
        #expect(days.map(\.day) == [CivilDate(year: 2024, month: 3, day: 4)!, CivilDate(year: 2024, month: 3, day: 7)!])
        #expect(days[1].count == 2 && days[1].news == -1 && days[1].disclosures == 0.6)
    }
}
