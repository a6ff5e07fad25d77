public import KumoCore

/// Something published at a moment about some listed companies: a filing, a news story.
public protocol Published: Sendable {
    var publishedAt: Timestamp { get }
    /// The listed companies it is about.
    var subjects: [Symbol] { get }
    /// Orders items published at the same moment.
    var tieBreak: String { get }
}

extension Disclosure: Published {
    public var subjects: [Symbol] { stockCode.flatMap { Symbol($0) }.map { [$0] } ?? [] }
    public var tieBreak: String { receiptNumber }
}

extension NewsArticle: Published {
    public var subjects: [Symbol] { symbols }
    public var tieBreak: String { key }
}

/// Items a run may show its strategies, point in time: a `ctx` reader sees those published by the
/// engine's clock, and an event handler hears each once as the clock passes its publication
/// (before the bar it precedes). Nothing is ever seen before `publishedAt`.
public final class PublishedFeed<Item: Published>: @unchecked Sendable {
    // @unchecked Sendable: built once, then read only (delivery cursors live in each strategy).
    /// Every item, by publication time, then tie-break.
    public let all: [Item]
    private let bySymbol: [Symbol: [Item]]

    public init(_ items: [Item]) {
        all = items.sorted { ($0.publishedAt, $0.tieBreak) < ($1.publishedAt, $1.tieBreak) }
        var bySymbol: [Symbol: [Item]] = [:]
        for item in all { for symbol in item.subjects { bySymbol[symbol, default: []].append(item) } }
        self.bySymbol = bySymbol
    }

    /// `symbol`'s items published in `since…now`, oldest first.
    public func visible(_ symbol: Symbol, since: Timestamp?, now: Timestamp) -> ArraySlice<Item> {
        guard let list = bySymbol[symbol] else { return [] }
        let end = Self.firstIndex(in: list) { $0.publishedAt > now }
        let start = since.map { since in Self.firstIndex(in: list) { $0.publishedAt >= since } } ?? 0
        return start < end ? list[start..<end] : []
    }

    /// The items published after `cursor` up to `now` about any of `symbols` (all when nil); advances `cursor`.
    public func newlyPublished(upTo now: Timestamp, symbols: Set<Symbol>?, cursor: inout Int) -> [Item] {
        var out: [Item] = []
        while cursor < all.count, all[cursor].publishedAt <= now {
            let item = all[cursor]
            cursor += 1
            if let symbols, !item.subjects.contains(where: symbols.contains) { continue }
            out.append(item)
        }
        return out
    }

    /// The first index whose element satisfies `isAfter` (which must be monotone), by bisection.
    static func firstIndex(in list: [Item], _ isAfter: (Item) -> Bool) -> Int {
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if isAfter(list[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

/// The run's filings.
public typealias DisclosureFeed = PublishedFeed<Disclosure>
/// The run's news.
public typealias NewsFeed = PublishedFeed<NewsArticle>
