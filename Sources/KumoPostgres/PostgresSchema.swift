import PostgresNIO

/// The PostgreSQL store's tables, the SQLite store's in PostgreSQL's types (times in UTC
/// nanoseconds and prices in millionths, as BIGINT), and their versions in `kumo_schema`: each
/// version's statements run once, in order, in the transaction that records the version.
enum PostgresSchema {
    static var version: Int { versions.count }

    static let tables = [
        "instruments", "bars", "disclosures", "collector_cursors", "news", "news_symbols", "econ_observations", "corp_codes", "company_profiles",
        "financial_lines",
    ]

    static let versions = [prices, companies]

    /// Version 1: bars, names, filings, news, economic vintages, collector cursors.
    static let prices = [
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

    /// Version 2: DART's company codes, company profiles and financial statement lines.
    static let companies = [
        "CREATE TABLE corp_codes (corp_code TEXT PRIMARY KEY, name TEXT NOT NULL, stock_code TEXT, modified TEXT NOT NULL)",
        "CREATE INDEX corp_codes_by_stock ON corp_codes (stock_code) WHERE stock_code IS NOT NULL",
        "CREATE TABLE company_profiles (corp_code TEXT PRIMARY KEY, profile TEXT NOT NULL)",
        """
        CREATE TABLE financial_lines (
            corp_code TEXT NOT NULL, year INTEGER NOT NULL, report TEXT NOT NULL, basis TEXT NOT NULL, statement TEXT NOT NULL, account TEXT NOT NULL,
            stock_code TEXT, receipt_number TEXT NOT NULL, current BIGINT, previous BIGINT, before_previous BIGINT, ord INTEGER NOT NULL, currency TEXT NOT NULL,
            PRIMARY KEY (corp_code, year, report, basis, statement, account))
        """,
    ]

    struct NewerSchema: Error, CustomStringConvertible {
        var found: Int
        var description: String { "the database is at schema version \(found), made by a newer Kumo (this one knows \(PostgresSchema.version))" }
    }

    /// Brings the tables to the newest version, one process at a time.
    static func migrate(_ store: PostgresMarketStore) throws {
        try store.transaction { try apply(store) }
    }

    static func apply(_ store: PostgresMarketStore) throws {
        // Two processes opening a new database at once must not both create its tables.
        try store.run("SELECT pg_advisory_xact_lock(7308262013)")
        try store.run("CREATE TABLE IF NOT EXISTS kumo_schema (version INTEGER PRIMARY KEY)")
        let current = try store.run("SELECT COALESCE(MAX(version), 0) FROM kumo_schema").rows.first.map { try $0.decode(Int.self) } ?? 0
        guard current <= version else { throw NewerSchema(found: current) }
        for (index, statements) in versions.enumerated() where index + 1 > current {
            for statement in statements { try store.run(statement) }
            try store.run("INSERT INTO kumo_schema (version) VALUES ($1)", PostgresMarketStore.binds([index + 1]))
        }
    }
}
