import GRDB

/// The store's tables and their migrations. Prices and money are integers of millionths
/// (``KumoCore/Price``), times are UTC nanoseconds: exact, and ordered as numbers.
enum MarketDataSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: instruments, bars, ticks, corporate actions") { db in
            try db.execute(sql: """
                CREATE TABLE instruments (
                    symbol TEXT PRIMARY KEY NOT NULL,
                    name TEXT,
                    market TEXT NOT NULL DEFAULT 'KOSPI',
                    kind TEXT NOT NULL DEFAULT 'stock',
                    currency TEXT NOT NULL DEFAULT 'KRW',
                    lot_size INTEGER NOT NULL DEFAULT 1
                );
                CREATE TABLE series (
                    id INTEGER PRIMARY KEY,
                    symbol TEXT NOT NULL,
                    timeframe TEXT NOT NULL,
                    UNIQUE (symbol, timeframe)
                );
                CREATE TABLE bars (
                    series INTEGER NOT NULL REFERENCES series(id),
                    time INTEGER NOT NULL,
                    open INTEGER NOT NULL,
                    high INTEGER NOT NULL,
                    low INTEGER NOT NULL,
                    close INTEGER NOT NULL,
                    volume INTEGER NOT NULL,
                    value INTEGER,
                    PRIMARY KEY (series, time),
                    CHECK (low > 0 AND low <= open AND low <= close AND open <= high AND close <= high AND volume >= 0)
                ) WITHOUT ROWID;
                CREATE TABLE ticks (
                    symbol TEXT NOT NULL,
                    time INTEGER NOT NULL,
                    sequence INTEGER NOT NULL,
                    price INTEGER NOT NULL,
                    quantity INTEGER NOT NULL,
                    side TEXT,
                    PRIMARY KEY (symbol, time, sequence)
                ) WITHOUT ROWID;
                CREATE TABLE corporate_actions (
                    symbol TEXT NOT NULL,
                    ex_date TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('split', 'dividend')),
                    ratio_numerator INTEGER,
                    ratio_denominator INTEGER,
                    cash INTEGER,
                    PRIMARY KEY (symbol, ex_date, kind)
                );
                """)
        }
        migrator.registerMigration("v2: the engine's journal (written before the engine acts)") { db in
            try db.execute(sql: """
                CREATE TABLE journal_orders (
                    client_order_id TEXT PRIMARY KEY NOT NULL,
                    strategy TEXT NOT NULL,
                    symbol TEXT NOT NULL,
                    side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
                    type TEXT NOT NULL,
                    quantity INTEGER NOT NULL,
                    limit_price INTEGER,
                    stop_price INTEGER,
                    time_in_force TEXT NOT NULL,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE journal_order_events (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    client_order_id TEXT NOT NULL REFERENCES journal_orders(client_order_id),
                    status TEXT NOT NULL,
                    venue_order_id TEXT,
                    reason TEXT,
                    occurred_at INTEGER NOT NULL
                );
                CREATE TABLE journal_fills (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    client_order_id TEXT NOT NULL REFERENCES journal_orders(client_order_id),
                    fill_id TEXT NOT NULL UNIQUE,
                    quantity INTEGER NOT NULL,
                    price INTEGER NOT NULL,
                    commission INTEGER NOT NULL,
                    tax INTEGER NOT NULL,
                    occurred_at INTEGER NOT NULL
                );
                CREATE TABLE journal_position_snapshots (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
                    strategy TEXT NOT NULL,
                    symbol TEXT NOT NULL,
                    quantity INTEGER NOT NULL,
                    average_price INTEGER NOT NULL,
                    cash INTEGER NOT NULL,
                    taken_at INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v3: bars by time, for replaying many symbols in time order") { db in
            try db.execute(sql: "CREATE INDEX bars_by_time ON bars (time, series)")
        }
        migrator.registerMigration("v4: replays merge series along the primary key; the by-time index goes") { db in
            try db.execute(sql: "DROP INDEX bars_by_time")
        }
        migrator.registerMigration("v5: disclosures and the collectors' cursors") { db in
            try db.execute(sql: """
                CREATE TABLE disclosures (
                    receipt_number TEXT PRIMARY KEY NOT NULL,
                    corp_code TEXT NOT NULL,
                    corp_name TEXT NOT NULL,
                    stock_code TEXT,
                    corp_class TEXT NOT NULL,
                    report_name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    filer TEXT NOT NULL,
                    receipt_date TEXT NOT NULL,
                    remarks TEXT NOT NULL,
                    published_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX disclosures_by_symbol ON disclosures (stock_code, published_at);
                CREATE INDEX disclosures_by_time ON disclosures (published_at);
                CREATE TABLE collector_cursors (
                    collector TEXT PRIMARY KEY NOT NULL,
                    position TEXT NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v6: news articles and the symbols they name") { db in
            try db.execute(sql: """
                CREATE TABLE news (
                    key TEXT PRIMARY KEY NOT NULL,
                    title_key TEXT NOT NULL,
                    source TEXT NOT NULL,
                    title TEXT NOT NULL,
                    link TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    published_at INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX news_by_title ON news (title_key, published_at);
                CREATE INDEX news_by_time ON news (published_at);
                CREATE TABLE news_symbols (
                    symbol TEXT NOT NULL,
                    published_at INTEGER NOT NULL,
                    key TEXT NOT NULL REFERENCES news(key),
                    PRIMARY KEY (symbol, published_at, key)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v7: economic series, every vintage of every period") { db in
            try db.execute(sql: """
                CREATE TABLE econ_observations (
                    series TEXT NOT NULL,
                    frequency TEXT NOT NULL,
                    period TEXT NOT NULL,
                    value REAL NOT NULL,
                    published_at INTEGER NOT NULL,
                    PRIMARY KEY (series, period, published_at)
                ) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v8: DART's company codes, company profiles and financial statement lines") { db in
            try db.execute(sql: """
                CREATE TABLE corp_codes (
                    corp_code TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    stock_code TEXT,
                    modified TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX corp_codes_by_stock ON corp_codes (stock_code) WHERE stock_code IS NOT NULL;
                CREATE TABLE company_profiles (
                    corp_code TEXT PRIMARY KEY NOT NULL,
                    profile TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE financial_lines (
                    corp_code TEXT NOT NULL,
                    year INTEGER NOT NULL,
                    report TEXT NOT NULL,
                    basis TEXT NOT NULL,
                    statement TEXT NOT NULL,
                    account TEXT NOT NULL,
                    stock_code TEXT,
                    receipt_number TEXT NOT NULL,
                    current INTEGER,
                    previous INTEGER,
                    before_previous INTEGER,
                    ord INTEGER NOT NULL,
                    currency TEXT NOT NULL,
                    PRIMARY KEY (corp_code, year, report, basis, statement, account)
                ) WITHOUT ROWID;
                """)
        }
        return migrator
    }
}
