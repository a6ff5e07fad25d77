public import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
public import KumoCore

/// Reads RSS 2.0 (`<item>`: title, link, description, pubDate in RFC 822, guid) and Atom
/// (`<entry>`: title, link href, summary or content, published or updated in RFC 3339) into
/// ``FeedItem``s. An item without a parseable time is refused with its position, since a
/// backtest could not place it in time.
public enum FeedParser {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public static func parse(_ data: Data, source: String) throws(Failure) -> [FeedItem] {
        let reader = FeedReader()
        let parser = XMLParser(data: data)
        parser.delegate = reader
        guard parser.parse() else {
            throw Failure(description: "\(source): not well-formed XML at line \(parser.lineNumber)")
        }
        guard reader.sawFeed else { throw Failure(description: "\(source): neither an RSS <channel> nor an Atom <feed>") }
        var items: [FeedItem] = []
        for (index, raw) in reader.items.enumerated() {
            let title = raw["title"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard !title.isEmpty else { throw Failure(description: "\(source): item \(index + 1): title is missing") }
            let stamp = raw["pubDate"] ?? raw["published"] ?? raw["updated"] ?? raw["dc:date"] ?? ""
            guard let published = date(stamp) else { throw Failure(description: "\(source): item \(index + 1) ('\(title)'): the time '\(stamp)' is not RFC 822 or RFC 3339") }
            items.append(FeedItem(
                source: source, title: title, link: (raw["link"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines),
                summary: stripTags(raw["description"] ?? raw["summary"] ?? raw["content"] ?? ""), published: published,
                guid: (raw["guid"] ?? raw["id"]).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }))
        }
        return items
    }

    /// RFC 822 (`Thu, 04 Dec 2026 09:15:00 +0900`, or a zone name such as GMT or KST) or RFC 3339 (`2026-12-04T09:15:00+09:00`).
    static func date(_ text: String) -> Timestamp? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let iso = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]] {
            iso.formatOptions = options
            if let date = iso.date(from: trimmed) { return milliseconds(date) }
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let zoned = trimmed.replacingOccurrences(of: " KST", with: " +0900")
        for format in ["EEE, dd MMM yyyy HH:mm:ss Z", "EEE, d MMM yyyy HH:mm:ss Z", "dd MMM yyyy HH:mm:ss Z", "EEE, dd MMM yyyy HH:mm Z", "EEE, dd MMM yyyy HH:mm:ss zzz"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: zoned) { return milliseconds(date) }
        }
        return nil
    }

    /// `date` to the millisecond (feeds give no finer times; a Double's nanoseconds would drift).
    static func milliseconds(_ date: Date) -> Timestamp { Timestamp(nanoseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()) * 1_000_000) }

    /// Text without HTML tags and with the common entities decoded, spaces collapsed.
    static func stripTags(_ html: String) -> String {
        var text = ""
        var inTag = false
        for character in html {
            if character == "<" { inTag = true } else if character == ">" { inTag = false; text.append(" ") } else if !inTag { text.append(character) }
        }
        for (entity, value) in [("&nbsp;", " "), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'")] {
            text = text.replacingOccurrences(of: entity, with: value)
        }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// Collects each `<item>`/`<entry>`'s child elements as text (Atom's link from its href).
final class FeedReader: NSObject, XMLParserDelegate {
    var items: [[String: String]] = []
    var sawFeed = false
    private var current: [String: String]?
    private var text = ""

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        switch name {
        case "channel", "feed": sawFeed = true
        case "item", "entry": current = [:]
        case "link" where current != nil:
            // Atom: <link rel="alternate" href="…"/>; the first alternate (or rel-less) link wins.
            if let href = attributes["href"], attributes["rel"] == nil || attributes["rel"] == "alternate", current?["link"] == nil { current?["link"] = href }
        default: break
        }
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

    func parser(_ parser: XMLParser, foundCDATA block: Data) { text += String(decoding: block, as: UTF8.self) }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "item" || name == "entry" {
            if let current { items.append(current) }
            current = nil
        } else if current != nil, !text.isEmpty, current?[qualifiedName ?? name] == nil {
            current?[qualifiedName ?? name] = text
        }
        text = ""
    }
}
