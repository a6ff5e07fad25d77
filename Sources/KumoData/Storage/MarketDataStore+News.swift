import GRDB
public import KumoCore

extension MarketDataStore {
    /// How close in time two stories with the same normalised title must be to count as one (a day).
    public static let republishWindow: Int64 = 86_400 * 1_000_000_000

    /// Stores articles: once by key, and not at all when another outlet's copy (same normalised
    /// title within a day) is already stored. One transaction for all of them.
    /// - Returns: how many were new.
    @discardableResult
    public func storeNews(_ articles: [NewsArticle]) throws(Failure) -> Int {
        do {
            return try pool.write { db in
                var added = 0
                for a in articles {
                    if try Bool.fetchOne(db, sql: "SELECT 1 FROM news WHERE key = ?", arguments: [a.key]) == true { continue }
                    if !a.titleKey.isEmpty, try Bool.fetchOne(
                        db, sql: "SELECT 1 FROM news WHERE title_key = ? AND published_at BETWEEN ? AND ?",
                        arguments: [a.titleKey, a.publishedAt.nanoseconds - Self.republishWindow, a.publishedAt.nanoseconds + Self.republishWindow]) == true
                    { continue }
                    try db.execute(
                        sql: "INSERT INTO news (key, title_key, source, title, link, summary, published_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        arguments: [a.key, a.titleKey, a.source, a.title, a.link, a.summary, a.publishedAt.nanoseconds])
                    for symbol in Set(a.symbols) {
                        try db.execute(sql: "INSERT OR IGNORE INTO news_symbols (symbol, published_at, key) VALUES (?, ?, ?)", arguments: [symbol.code, a.publishedAt.nanoseconds, a.key])
                    }
                    added += 1
                }
                return added
            }
        } catch {
            throw Failure(description: "storing \(articles.count) articles failed, nothing was written: \(error)")
        }
    }

    /// Articles published in `from…to` (naming `symbol`, when given), oldest first.
    public func news(symbol: Symbol? = nil, from: Timestamp? = nil, to: Timestamp? = nil) throws(Failure) -> [NewsArticle] {
        var filter = RowFilter()
        filter.add("n.key IN (SELECT key FROM news_symbols WHERE symbol = ?)", symbol?.code)
        filter.add("n.published_at >= ?", from?.nanoseconds)
        filter.add("n.published_at <= ?", to?.nanoseconds)
        do {
            return try pool.read { db in
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT n.*, (SELECT group_concat(symbol) FROM news_symbols s WHERE s.key = n.key) AS symbols
                        FROM news n \(filter.sql) ORDER BY n.published_at, n.key
                        """, arguments: filter.arguments)
                return rows.map { row in
                    let codes: String? = row["symbols"]
                    return NewsArticle(
                        key: row["key"], titleKey: row["title_key"], source: row["source"], title: row["title"], link: row["link"], summary: row["summary"],
                        publishedAt: Timestamp(nanoseconds: row["published_at"]),
                        symbols: (codes ?? "").split(separator: ",").compactMap { Symbol(String($0)) }.sorted())
                }
            }
        } catch {
            throw Failure(description: "cannot read news: \(error)")
        }
    }
}
