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
/// engine's clock, and an event handler hears each once as the clock passes its delivery time
/// (before the bar it precedes). Nothing is ever seen before `publishedAt`. In a backtest an item
/// is delivered at its publication; in a live run an item that reaches the store after its
/// publication (``merge(_:arrivedAt:)``) is delivered just after it arrives, so no strategy
/// misses it and none hears it twice.
public final class PublishedFeed<Item: Published>: @unchecked Sendable {
    // @unchecked Sendable: built, then read and merged into on the engine's thread only
    // (delivery cursors live in each strategy).
    /// Every item, by delivery time, then tie-break.
    public private(set) var all: [Item]
    /// When each of `all` is delivered.
    private var deliverAt: [Timestamp]
    /// Each symbol's items, by publication time, then tie-break.
    private var bySymbol: [Symbol: [Item]] = [:]
    private var known: Set<String>

    public init(_ items: [Item]) {
        var unique: [String: Item] = [:]
        for item in items { unique[item.tieBreak] = item }
        all = unique.values.sorted { ($0.publishedAt, $0.tieBreak) < ($1.publishedAt, $1.tieBreak) }
        deliverAt = all.map(\.publishedAt)
        known = Set(unique.keys)
        for item in all { for symbol in item.subjects { bySymbol[symbol, default: []].append(item) } }
    }

    /// Adds the items not yet held (by tie-break) that reached the store by `arrivedAt` (the
    /// engine's clock): each is delivered at its publication or, if that has passed, just after
    /// `arrivedAt` — never before an item already delivered. Returns the new items.
    @discardableResult
    public func merge(_ items: [Item], arrivedAt: Timestamp) -> [Item] {
        let fresh = items.filter { known.insert($0.tieBreak).inserted }.sorted { ($0.publishedAt, $0.tieBreak) < ($1.publishedAt, $1.tieBreak) }
        let after = Timestamp(nanoseconds: arrivedAt.nanoseconds + 1)
        for item in fresh {
            let due = max(item.publishedAt, after)
            let at = Self.firstIndex(count: all.count) { (deliverAt[$0], all[$0].tieBreak) > (due, item.tieBreak) }
            all.insert(item, at: at)
            deliverAt.insert(due, at: at)
            for symbol in item.subjects {
                var list = bySymbol[symbol, default: []]
                list.insert(item, at: Self.firstIndex(count: list.count) { (list[$0].publishedAt, list[$0].tieBreak) > (item.publishedAt, item.tieBreak) })
                bySymbol[symbol] = list
            }
        }
        return fresh
    }

    /// `symbol`'s items published in `since…now`, oldest first.
    public func visible(_ symbol: Symbol, since: Timestamp?, now: Timestamp) -> ArraySlice<Item> {
        guard let list = bySymbol[symbol] else { return [] }
        let end = Self.firstIndex(count: list.count) { list[$0].publishedAt > now }
        let start = since.map { since in Self.firstIndex(count: list.count) { list[$0].publishedAt >= since } } ?? 0
        return start < end ? list[start..<end] : []
    }

    /// The items due by `now` after `cursor` about any of `symbols` (all when nil); advances `cursor`.
    public func newlyPublished(upTo now: Timestamp, symbols: Set<Symbol>?, cursor: inout Int) -> [Item] {
        var out: [Item] = []
        while cursor < all.count, deliverAt[cursor] <= now {
            let item = all[cursor]
            cursor += 1
            if let symbols, !item.subjects.contains(where: symbols.contains) { continue }
            out.append(item)
        }
        return out
    }

    /// The first index in `0..<count` for which `isAfter` (monotone) holds, by bisection.
    static func firstIndex(count: Int, _ isAfter: (Int) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if isAfter(middle) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

/// The run's filings.
public typealias DisclosureFeed = PublishedFeed<Disclosure>
/// The run's news.
public typealias NewsFeed = PublishedFeed<NewsArticle>
