import Foundation
public import KumoCore

/// One scored item about one symbol: a story or a filing, its tone and when it became public.
public struct SentimentItem: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        case news
        case disclosure(DisclosureKind)
    }

    public var symbol: Symbol
    public var publishedAt: Timestamp
    public var score: Double
    public var source: Source

    public init(symbol: Symbol, publishedAt: Timestamp, score: Double, source: Source) {
        self.symbol = symbol
        self.publishedAt = publishedAt
        self.score = score
        self.source = source
    }
}

/// A symbol's tone as known at a moment: the recency-weighted mean tone of its news and of its
/// filings (each item's weight halving every `halfLife`), and what the last day brought.
public struct SentimentSnapshot: Sendable, Hashable {
    /// News and filings together, −1…1; 0 with nothing published.
    public var score: Double
    public var news: Double
    public var disclosures: Double
    /// Items in the 24 hours before the moment, and how many of them leaned each way.
    public var count24h: Int
    public var positive24h: Int
    public var negative24h: Int
    /// All items published by the moment.
    public var total: Int

    public init(score: Double, news: Double, disclosures: Double, count24h: Int, positive24h: Int, negative24h: Int, total: Int) {
        (self.score, self.news, self.disclosures, self.count24h, self.positive24h, self.negative24h, self.total) =
            (score, news, disclosures, count24h, positive24h, negative24h, total)
    }
}

/// One KST day of a symbol's items: how many, and their mean tones (nil without any).
public struct DailySentiment: Sendable, Hashable {
    public var day: CivilDate
    public var count: Int
    public var news: Double?
    public var disclosures: Double?
}

/// Scored items by symbol, read point in time: a snapshot at t uses only items published by t.
public final class SentimentBook: @unchecked Sendable {
    // @unchecked Sendable: built once, then read only.
    private let bySymbol: [Symbol: [SentimentItem]]
    /// Seconds for an item's weight to halve.
    public let halfLife: Double

    public init(_ items: [SentimentItem], halfLifeDays: Double = 3) {
        bySymbol = Dictionary(grouping: items, by: \.symbol).mapValues { $0.sorted { $0.publishedAt < $1.publishedAt } }
        halfLife = halfLifeDays * 86_400
    }

    /// A book with `items` added to these.
    public func adding(_ items: [SentimentItem]) -> SentimentBook {
        SentimentBook(bySymbol.values.flatMap { $0 } + items, halfLifeDays: halfLife / 86_400)
    }

    public var symbols: [Symbol] { bySymbol.keys.sorted { $0.code < $1.code } }

    /// `symbol`'s tone as known at `now`.
    public func snapshot(_ symbol: Symbol, at now: Timestamp) -> SentimentSnapshot {
        let list = bySymbol[symbol] ?? []
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle].publishedAt > now { high = middle } else { low = middle + 1 }
        }
        var sums = (all: 0.0, allWeight: 0.0, news: 0.0, newsWeight: 0.0, filings: 0.0, filingsWeight: 0.0)
        var (count, positive, negative) = (0, 0, 0)
        for item in list[..<low] {
            let age = Double(now.nanoseconds - item.publishedAt.nanoseconds) / 1e9
            let weight = pow(2, -age / halfLife)
            sums.all += weight * item.score
            sums.allWeight += weight
            if case .news = item.source {
                sums.news += weight * item.score
                sums.newsWeight += weight
            } else {
                sums.filings += weight * item.score
                sums.filingsWeight += weight
            }
            if age <= 86_400 {
                count += 1
                if item.score > 0.1 { positive += 1 } else if item.score < -0.1 { negative += 1 }
            }
        }
        func mean(_ sum: Double, _ weight: Double) -> Double { weight > 1e-12 ? sum / weight : 0 }
        return SentimentSnapshot(
            score: mean(sums.all, sums.allWeight), news: mean(sums.news, sums.newsWeight), disclosures: mean(sums.filings, sums.filingsWeight),
            count24h: count, positive24h: positive, negative24h: negative, total: low)
    }

    /// `symbol`'s items by KST day of publication, in order.
    public func daily(_ symbol: Symbol) -> [DailySentiment] {
        var days: [CivilDate: (count: Int, news: [Double], filings: [Double])] = [:]
        for item in bySymbol[symbol] ?? [] {
            let day = CivilDate(item.publishedAt, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
            var entry = days[day] ?? (0, [], [])
            entry.count += 1
            if case .news = item.source { entry.news.append(item.score) } else { entry.filings.append(item.score) }
            days[day] = entry
        }
        return days.keys.sorted().map { day in
            let entry = days[day]!
            return DailySentiment(
                day: day, count: entry.count, news: entry.news.isEmpty ? nil : entry.news.reduce(0, +) / Double(entry.news.count),
                disclosures: entry.filings.isEmpty ? nil : entry.filings.reduce(0, +) / Double(entry.filings.count))
        }
    }
}
