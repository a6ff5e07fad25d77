public import KumoCore
public import KumoData
public import KumoSentiment

/// The data beyond prices a run shows its strategies, point in time; each part nil when the run has none.
public struct AltDataFeeds: Sendable {
    public var disclosures: DisclosureFeed?
    public var news: NewsFeed?
    public var econ: EconFeed?
    /// The tone of the filings and news, per symbol (`ctx:sentiment`).
    public var sentiment: SentimentBook?

    public init(disclosures: DisclosureFeed? = nil, news: NewsFeed? = nil, econ: EconFeed? = nil, sentiment: SentimentBook? = nil) {
        self.disclosures = disclosures
        self.news = news
        self.econ = econ
        self.sentiment = sentiment
    }

    /// The store's filings and news about `symbols`, scored by `scorer`, and all its economic
    /// series; a part the store lacks is nil.
    public static func load(from store: any MarketStore, symbols: [Symbol], scorer: SentimentScorer) throws(MarketDataStore.Failure) -> AltDataFeeds {
        var filings: [Disclosure] = []
        var stories: [String: NewsArticle] = [:]
        for symbol in symbols {
            filings += try store.disclosures(symbol: symbol, from: nil, to: nil, limit: nil)
            for story in try store.news(symbol: symbol, from: nil, to: nil) { stories[story.key] = story }
        }
        let econ = try store.econ(series: nil, asOf: nil)
        let news = Array(stories.values)
        let items = scorer.items(news: news, filings: filings)
        return AltDataFeeds(
            disclosures: filings.isEmpty ? nil : DisclosureFeed(filings), news: news.isEmpty ? nil : NewsFeed(news),
            econ: econ.isEmpty ? nil : EconFeed(econ), sentiment: items.isEmpty ? nil : SentimentBook(items))
    }

    /// These feeds with what the store gained: the filings and news about `symbols` published
    /// since `since` merged in (each new item delivered from `arrivedAt` on, and scored by
    /// `scorer` into the sentiment book), and the economic series read afresh (a new vintage shows
    /// from its publication). Returns the feeds and how many filings and stories were new.
    public func refreshed(
        from store: any MarketStore, symbols: [Symbol], since: Timestamp, arrivedAt: Timestamp, scorer: SentimentScorer
    ) throws(MarketDataStore.Failure) -> (feeds: AltDataFeeds, added: Int) {
        var filings: [Disclosure] = []
        var stories: [NewsArticle] = []
        for symbol in symbols {
            filings += try store.disclosures(symbol: symbol, from: since, to: nil, limit: nil)
            stories += try store.news(symbol: symbol, from: since, to: nil)
        }
        var feeds = self
        if feeds.disclosures == nil, !filings.isEmpty { feeds.disclosures = DisclosureFeed([]) }
        if feeds.news == nil, !stories.isEmpty { feeds.news = NewsFeed([]) }
        let newFilings = feeds.disclosures?.merge(filings, arrivedAt: arrivedAt) ?? []
        let newStories = feeds.news?.merge(stories, arrivedAt: arrivedAt) ?? []
        let items = scorer.items(news: newStories, filings: newFilings)
        if !items.isEmpty { feeds.sentiment = (feeds.sentiment ?? SentimentBook([])).adding(items) }
        let econ = try store.econ(series: nil, asOf: nil)
        feeds.econ = econ.isEmpty ? nil : EconFeed(econ)
        return (feeds, newFilings.count + newStories.count)
    }
}
