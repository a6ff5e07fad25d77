public import Foundation
public import KumoCore

/// One article from an RSS 2.0 or Atom feed: its title, link, publication time, summary and the
/// feed it came from, with a stable key for de-duplication (the guid or link, else the title).
public struct FeedItem: Sendable, Hashable, Codable {
    public var source: String
    public var title: String
    public var link: String
    public var summary: String
    public var published: Timestamp
    /// The feed's own id (RSS guid, Atom id), when it gives one.
    public var guid: String?

    public init(source: String, title: String, link: String, summary: String, published: Timestamp, guid: String?) {
        self.source = source
        self.title = title
        self.link = link
        self.summary = summary
        self.published = published
        self.guid = guid
    }

    /// The key two copies of one article share: the guid, else the link without its query and
    /// fragment, else the title with spaces and punctuation removed.
    public var key: String {
        if let guid, !guid.isEmpty { return "guid:" + guid }
        if var parts = URLComponents(string: link), parts.host != nil {
            parts.query = nil
            parts.fragment = nil
            return "link:" + (parts.string ?? link).lowercased()
        }
        return "title:" + FeedItem.normalizedTitle(title)
    }

    /// The title as copies of a wire story share it across outlets: letters and digits only, lower-cased.
    public static func normalizedTitle(_ title: String) -> String {
        String(title.lowercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }
}
