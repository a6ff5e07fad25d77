public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
public import KumoCore
public import KumoData
public import KumoNews

/// Collects news feeds into the store: each feed is fetched with the ETag of its last answer
/// (a 304 costs nothing), parsed, its stories tagged with the companies they name and stored
/// once — a story seen before by key, or another outlet's copy of it, adds nothing. A feed that
/// fails is retried with doubling waits, then reported; the others are still collected.
public struct NewsCollector: Sendable {
    public struct Feed: Sendable, Hashable {
        public var name: String
        public var url: URL
        public init(name: String, url: URL) {
            self.name = name
            self.url = url
        }
    }

    public struct Report: Sendable, Hashable {
        public var requests = 0
        public var notModified = 0
        public var items = 0
        public var added = 0
        public var tagged = 0
        /// Feeds that could not be read, with why.
        public var failures: [String] = []
    }

    public let feeds: [Feed]
    public let store: any MarketStore
    public let tagger: TickerTagger
    public var timeout: TimeInterval = 15
    public var retries = 3
    public var backoff = 0.5

    public init(feeds: [Feed], store: any MarketStore, tagger: TickerTagger) {
        self.feeds = feeds
        self.store = store
        self.tagger = tagger
    }

    public func run() async -> Report {
        var report = Report()
        for feed in feeds {
            do {
                try await collect(feed, &report)
            } catch {
                report.failures.append("\(feed.name): \(error)")
            }
        }
        return report
    }

    struct FeedError: Error, CustomStringConvertible {
        var description: String
    }

    private func collect(_ feed: Feed, _ report: inout Report) async throws {
        let cursor = "news:\(feed.name)"
        let etag = try store.cursor(cursor)
        var wait = backoff
        var attempt = 0
        while true {
            report.requests += 1
            var request = URLRequest(url: feed.url)
            request.timeoutInterval = timeout
            if let etag { request.setValue(etag, forHTTPHeaderField: "If-None-Match") }
            let configuration = URLSessionConfiguration.ephemeral
            configuration.timeoutIntervalForRequest = timeout
            configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
            let session = URLSession(configuration: configuration)
            defer { session.finishTasksAndInvalidate() }
            var problem: String
            do {
                let (data, response) = try await session.data(for: request)
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                switch status {
                case 304:
                    report.notModified += 1
                    return
                case 200:
                    let items: [FeedItem]
                    do { items = try FeedParser.parse(data, source: feed.name) } catch { throw FeedError(description: error.description) }
                    let articles = items.map { item in
                        NewsArticle(
                            key: item.key, titleKey: FeedItem.normalizedTitle(item.title), source: feed.name, title: item.title, link: item.link,
                            summary: item.summary, publishedAt: item.published, symbols: tagger.symbols(of: item))
                    }
                    report.items += items.count
                    report.tagged += articles.count { !$0.symbols.isEmpty }
                    report.added += try store.storeNews(articles)
                    if let tag = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "ETag") { try store.setCursor(cursor, tag) }
                    return
                case 404, 410: throw FeedError(description: "HTTP \(status): the feed is gone")
                default: problem = "HTTP \(status)"
                }
            } catch let error as FeedError {
                throw error
            } catch let error as MarketDataStore.Failure {
                throw FeedError(description: error.description)
            } catch {
                problem = error.localizedDescription
            }
            attempt += 1
            guard attempt <= retries else { throw FeedError(description: "gave up after \(attempt) attempts: \(problem)") }
            try? await Task.sleep(for: .seconds(wait))
            wait *= 2
        }
    }
}
