import Foundation
public import KumoData

/// Where a market-data store is, as commands and kumo.toml write it: `postgres://…` for
/// PostgreSQL, else a SQLite file (`sqlite:PATH` or a plain path). One place decides, so every
/// command and the engine read the same text the same way.
public enum StoreLocation {
    /// The SQLite file `text` names (its `sqlite:` prefix dropped).
    public static func sqlitePath(_ text: String) -> String {
        text.hasPrefix("sqlite:") ? String(text.dropFirst("sqlite:".count)) : text
    }

    /// Whether the store exists: a SQLite file on disk, or any PostgreSQL address (its server
    /// says when it opens).
    public static func exists(_ text: String) -> Bool {
        PostgresAddress.isAddress(text) || FileManager.default.fileExists(atPath: sqlitePath(text))
    }

    /// Opens the store `text` names; a SQLite file that does not exist is created.
    public static func open(_ text: String) throws(MarketDataStore.Failure) -> any MarketStore {
        if PostgresAddress.isAddress(text) { return try PostgresMarketStore(url: text) }
        return try MarketDataStore(path: sqlitePath(text))
    }
}
