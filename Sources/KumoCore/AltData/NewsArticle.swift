/// A news story as the store keeps it and strategies read it: where it came from, its title,
/// link and summary, when it was published, and the listed companies it names. `key` is the
/// feed's identity of the story (guid, link or title); `titleKey` finds the same story
/// republished by another outlet.
public struct NewsArticle: Sendable, Hashable, Codable {
    public var key: String
    public var titleKey: String
    public var source: String
    public var title: String
    public var link: String
    public var summary: String
    public var publishedAt: Timestamp
    public var symbols: [Symbol]

    public init(key: String, titleKey: String, source: String, title: String, link: String, summary: String, publishedAt: Timestamp, symbols: [Symbol]) {
        self.key = key
        self.titleKey = titleKey
        self.source = source
        self.title = title
        self.link = link
        self.summary = summary
        self.publishedAt = publishedAt
        self.symbols = symbols
    }
}
