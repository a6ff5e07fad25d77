import PostgresNIO

/// The PostgreSQL store's tables, the SQLite store's in PostgreSQL's types (times in UTC
/// nanoseconds and prices in millionths, as BIGINT), and their versions in `kumo_schema`.
enum PostgresSchema {
    static let version = 1

    static let tables = ["instruments", "bars", "disclosures", "collector_cursors", "news", "news_symbols", "econ_observations"]

    static let statements = [
        "CREATE TABLE instruments (symbol TEXT PRIMARY KEY, name TEXT)",
        """
        CREATE TABLE bars (
            symbol TEXT NOT NULL, timeframe TEXT NOT NULL, time BIGINT NOT NULL,
            open BIGINT NOT NULL, high BIGINT NOT NULL, low BIGINT NOT NULL, close BIGINT NOT NULL, volume BIGINT NOT NULL, value BIGINT,
            PRIMARY KEY (symbol, timeframe, time),
            CHECK (low > 0 AND low <= open AND low <= close AND open <= high AND close <= high AND volume >= 0))
        """,
        """
        CREATE TABLE disclosures (
            receipt_number TEXT PRIMARY KEY, corp_code TEXT NOT NULL, corp_name TEXT NOT NULL, stock_code TEXT, corp_class TEXT NOT NULL,
            report_name TEXT NOT NULL, kind TEXT NOT NULL, filer TEXT NOT NULL, receipt_date TEXT NOT NULL, remarks TEXT NOT NULL, published_at BIGINT NOT NULL)
        """,
        "CREATE INDEX disclosures_by_symbol ON disclosures (stock_code, published_at)",
        "CREATE TABLE collector_cursors (collector TEXT PRIMARY KEY, position TEXT NOT NULL, updated_at BIGINT NOT NULL)",
        """
        CREATE TABLE news (
            key TEXT PRIMARY KEY, title_key TEXT NOT NULL, source TEXT NOT NULL, title TEXT NOT NULL, link TEXT NOT NULL, summary TEXT NOT NULL,
            published_at BIGINT NOT NULL)
        """,
        "CREATE INDEX news_by_title ON news (title_key, published_at)",
        "CREATE TABLE news_symbols (symbol TEXT NOT NULL, published_at BIGINT NOT NULL, key TEXT NOT NULL REFERENCES news(key), PRIMARY KEY (symbol, published_at, key))",
        """
        CREATE TABLE econ_observations (
            series TEXT NOT NULL, frequency TEXT NOT NULL, period TEXT NOT NULL, value DOUBLE PRECISION NOT NULL, published_at BIGINT NOT NULL,
            PRIMARY KEY (series, period, published_at))
        """,
    ]

    /// Creates the tables when the database has none.
    static func migrate(_ store: PostgresMarketStore) throws {
        try store.transaction { try apply(store) }
    }

    static func apply(_ store: PostgresMarketStore) throws {
        try store.run("CREATE TABLE IF NOT EXISTS kumo_schema (version INTEGER PRIMARY KEY)")
        let current = try store.run("SELECT COALESCE(MAX(version), 0) FROM kumo_schema").rows.first.map { try $0.decode(Int.self) } ?? 0
        guard current < version else { return }
        for statement in statements { try store.run(statement) }
        try store.run("INSERT INTO kumo_schema (version) VALUES ($1)", PostgresMarketStore.binds([version]))
    }
}
