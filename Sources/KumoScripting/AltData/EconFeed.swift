public import KumoCore
public import KumoData

/// A run's economic series, point in time: at any moment a reader sees, for each period, the
/// latest value published by then (a revision replaces a value only from its own publication).
public final class EconFeed: @unchecked Sendable {
    // @unchecked Sendable: built once, then read only.
    struct Series {
        /// Every vintage, by publication.
        var vintages: [EconObservation]
        /// For each i, the index of the vintage of the latest period among `vintages[0...i]` (a later vintage wins a tie).
        var newest: [Int]
        var periods: [EconPeriod]
        var byPeriod: [EconPeriod: [EconObservation]]
    }

    private let series: [String: Series]

    public init(_ observations: [EconObservation]) {
        var grouped: [String: [EconObservation]] = [:]
        for o in observations { grouped[o.series, default: []].append(o) }
        series = grouped.mapValues { list in
            let vintages = list.sorted { ($0.publishedAt, $0.period) < ($1.publishedAt, $1.period) }
            var newest: [Int] = []
            newest.reserveCapacity(vintages.count)
            for (index, vintage) in vintages.enumerated() {
                if let best = newest.last, vintages[best].period > vintage.period { newest.append(best) } else { newest.append(index) }
            }
            let byPeriod = Dictionary(grouping: vintages, by: \.period)
            return Series(vintages: vintages, newest: newest, periods: byPeriod.keys.sorted(), byPeriod: byPeriod)
        }
    }

    /// The series the feed holds.
    public var names: [String] { series.keys.sorted() }

    /// The last `count` periods of `name` known at `now`, each at its latest vintage by then,
    /// oldest first; nil when the feed has no such series.
    public func history(_ name: String, count: Int, now: Timestamp) -> [EconObservation]? {
        guard let s = series[name] else { return nil }
        var low = 0, high = s.vintages.count
        while low < high {
            let middle = (low + high) / 2
            if s.vintages[middle].publishedAt > now { high = middle } else { low = middle + 1 }
        }
        guard low > 0, count > 0 else { return [] }
        let top = s.vintages[s.newest[low - 1]].period
        var index = s.periods.lastIndex(of: top) ?? -1
        var out: [EconObservation] = []
        while index >= 0, out.count < count {
            if let known = s.byPeriod[s.periods[index]]?.last(where: { $0.publishedAt <= now }) { out.append(known) }
            index -= 1
        }
        return out.reversed()
    }
}

/// The data beyond prices a run shows its strategies, point in time; each part nil when the run has none.
public struct AltDataFeeds: Sendable {
    public var disclosures: DisclosureFeed?
    public var news: NewsFeed?
    public var econ: EconFeed?

    public init(disclosures: DisclosureFeed? = nil, news: NewsFeed? = nil, econ: EconFeed? = nil) {
        self.disclosures = disclosures
        self.news = news
        self.econ = econ
    }
}

extension AltDataFeeds {
    /// The store's filings and news about `symbols` and all its economic series; a part the store lacks is nil.
    public static func load(from store: MarketDataStore, symbols: [Symbol]) throws(MarketDataStore.Failure) -> AltDataFeeds {
        var filings: [Disclosure] = []
        var stories: [String: NewsArticle] = [:]
        for symbol in symbols {
            filings += try store.disclosures(symbol: symbol)
            for story in try store.news(symbol: symbol) { stories[story.key] = story }
        }
        let econ = try store.econ()
        return AltDataFeeds(
            disclosures: filings.isEmpty ? nil : DisclosureFeed(filings), news: stories.isEmpty ? nil : NewsFeed(Array(stories.values)),
            econ: econ.isEmpty ? nil : EconFeed(econ))
    }
}

extension AltDataFeeds {
    /// These feeds with what the store gained: the filings and news about `symbols` published
    /// since `since` merged in (each new item delivered from `arrivedAt` on), and the economic
    /// series read afresh (a new vintage shows from its publication). Returns the feeds and how
    /// many filings and stories were new.
    public func refreshed(from store: MarketDataStore, symbols: [Symbol], since: Timestamp, arrivedAt: Timestamp) throws(MarketDataStore.Failure) -> (feeds: AltDataFeeds, added: Int) {
        var filings: [Disclosure] = []
        var stories: [NewsArticle] = []
        for symbol in symbols {
            filings += try store.disclosures(symbol: symbol, from: since)
            stories += try store.news(symbol: symbol, from: since)
        }
        var feeds = self
        var added = 0
        if let existing = disclosures { added += existing.merge(filings, arrivedAt: arrivedAt) } else if !filings.isEmpty {
            feeds.disclosures = DisclosureFeed([])
            added += feeds.disclosures!.merge(filings, arrivedAt: arrivedAt)
        }
        if let existing = news { added += existing.merge(stories, arrivedAt: arrivedAt) } else if !stories.isEmpty {
            feeds.news = NewsFeed([])
            added += feeds.news!.merge(stories, arrivedAt: arrivedAt)
        }
        let econ = try store.econ()
        feeds.econ = econ.isEmpty ? nil : EconFeed(econ)
        return (feeds, added)
    }
}
