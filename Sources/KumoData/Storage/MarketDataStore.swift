public import Foundation
import GRDB
import GRDBSQLite
public import KumoCore

/// Kumo's embedded market-data store: one SQLite file in WAL mode (a second process can read
/// while the engine writes), migrated on open. Imports run in one transaction each, so a
/// failure leaves the store as it was; re-importing the same bars changes nothing.
public final class MarketDataStore: Sendable {
    private let pool: DatabasePool
    /// The database file.
    public let path: String

    /// Why the store could not do what was asked.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public init(path: String) throws(Failure) {
        self.path = path
        do {
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            pool = try DatabasePool(path: path, configuration: configuration)
            try MarketDataSchema.migrator.migrate(pool)
        } catch {
            throw Failure(description: "cannot open the database \(path): \(error)")
        }
    }

    /// The default database: `$KUMO_HOME/kumo.sqlite`, else `kumo-home/kumo.sqlite` in the current folder.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let home = environment["KUMO_HOME"] ?? FileManager.default.currentDirectoryPath + "/kumo-home"
        return home + "/kumo.sqlite"
    }

    /// Inserts or replaces bars of one symbol and timeframe, all in one transaction.
    /// - Returns: how many rows were new or changed.
    @discardableResult
    public func importBars(_ bars: [Bar], symbol: Symbol, timeframe: Timeframe) throws(Failure) -> Int {
        try importBars([(symbol, timeframe, bars)])
    }

    /// Inserts or replaces several series in one transaction: all of them or none. Large imports
    /// rebuild the by-time index once at the end instead of updating it row by row.
    /// - Returns: how many rows were new or changed.
    @discardableResult
    public func importBars(_ batches: [(symbol: Symbol, timeframe: Timeframe, bars: [Bar])]) throws(Failure) -> Int {
        var iterator = batches.makeIterator()
        return try importBars(streaming: AnyIterator { iterator.next().map { Optional($0) } }, expectedRows: batches.map(\.bars.count).reduce(0, +))
    }

    /// Inserts batches as an iterator yields them, in one transaction; a `nil` element aborts
    /// the import (a file that failed to parse), rolling everything back.
    func importBars(streaming batches: AnyIterator<(symbol: Symbol, timeframe: Timeframe, bars: [Bar])?>, expectedRows: Int)
        throws(Failure) -> Int
    {
        do {
            return try pool.write { db in
                let rebuildsIndex = expectedRows >= Self.bulkImportRows
                if rebuildsIndex { try db.execute(sql: "DROP INDEX bars_by_time") }
                var changed = 0
                for batch in batches {
                    guard let batch else { throw Failure(description: "a file could not be read") }
                    changed += try Self.insert(batch.bars, symbol: batch.symbol, timeframe: batch.timeframe, in: db)
                }
                if rebuildsIndex { try db.execute(sql: "CREATE INDEX bars_by_time ON bars (time, series)") }
                return changed
            }
        } catch let failure as Failure {
            throw Failure(description: "import failed, nothing was written: \(failure.description)")
        } catch {
            throw Failure(description: "import failed, nothing was written: \(error)")
        }
    }

    /// From this many rows on, an import drops the by-time index and builds it again afterwards.
    static let bulkImportRows = 50_000

    private static func insert(_ bars: [Bar], symbol: Symbol, timeframe: Timeframe, in db: Database) throws -> Int {
        try db.execute(sql: "INSERT OR IGNORE INTO instruments (symbol) VALUES (?)", arguments: [symbol.code])
        try db.execute(sql: "INSERT OR IGNORE INTO series (symbol, timeframe) VALUES (?, ?)", arguments: [symbol.code, timeframe.description])
        let series = try Int64.fetchOne(
            db, sql: "SELECT id FROM series WHERE symbol = ? AND timeframe = ?", arguments: [symbol.code, timeframe.description])!
        let statement = try db.cachedStatement(sql: """
            INSERT INTO bars (series, time, open, high, low, close, volume, value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (series, time) DO UPDATE SET
                open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
                volume = excluded.volume, value = excluded.value
            WHERE open IS NOT excluded.open OR high IS NOT excluded.high OR low IS NOT excluded.low
                OR close IS NOT excluded.close OR volume IS NOT excluded.volume OR value IS NOT excluded.value
            """)
        // Bound through SQLite's C API: the series once, then seven integers a row (bindings
        // survive sqlite3_reset), without boxing each value.
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        sqlite3_bind_int64(handle, 1, series)
        var changed = 0
        for bar in bars {
            sqlite3_reset(handle)
            sqlite3_bind_int64(handle, 2, bar.time.nanoseconds)
            sqlite3_bind_int64(handle, 3, bar.open.micros)
            sqlite3_bind_int64(handle, 4, bar.high.micros)
            sqlite3_bind_int64(handle, 5, bar.low.micros)
            sqlite3_bind_int64(handle, 6, bar.close.micros)
            sqlite3_bind_int64(handle, 7, bar.volume)
            if let value = bar.value { sqlite3_bind_int64(handle, 8, value.micros) } else { sqlite3_bind_null(handle, 8) }
            guard sqlite3_step(handle) == SQLITE_DONE else {
                let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
                sqlite3_reset(handle)
                throw Failure(description: "\(symbol) \(timeframe): the bar at \(bar.time.kst) was refused: \(message)")
            }
            changed += Int(sqlite3_changes(db.sqliteConnection))
        }
        sqlite3_reset(handle)
        return changed
    }

    static let barColumns = "b.time, b.open, b.high, b.low, b.close, b.volume, b.value"

    /// A bar from the seven columns of ``barColumns`` starting at `offset`.
    static func bar(_ row: Row, from offset: Int) -> Bar {
        let value: Int64? = row[offset + 6]
        return Bar(
            time: Timestamp(nanoseconds: row[offset]), open: Price(micros: row[offset + 1]), high: Price(micros: row[offset + 2]),
            low: Price(micros: row[offset + 3]), close: Price(micros: row[offset + 4]), volume: row[offset + 5],
            value: value.map(Price.init(micros:)))
    }

    /// Streams the bars of a symbol in time order within [from, to), without loading them all.
    public func forEachBar(
        symbol: Symbol, timeframe: Timeframe, from: Timestamp? = nil, to: Timestamp? = nil, _ body: (Bar) throws -> Void
    ) throws {
        try pool.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT \(Self.barColumns) FROM bars b JOIN series s ON s.id = b.series
                    WHERE s.symbol = ? AND s.timeframe = ? AND b.time >= ? AND b.time < ? ORDER BY b.time
                    """,
                arguments: [symbol.code, timeframe.description, from?.nanoseconds ?? Int64.min, to?.nanoseconds ?? Int64.max])
            while let row = try rows.next() { try body(Self.bar(row, from: 0)) }
        }
    }

    /// Replays stored bars of `symbols` (all when empty) in time order, ties by symbol code,
    /// streaming from the database: the engine's input for a backtest over the store.
    public func replay(
        symbols: [Symbol] = [], timeframe: Timeframe, from: Timestamp? = nil, to: Timestamp? = nil, _ body: (SymbolBar) throws -> Void
    ) throws {
        try pool.read { db in
            var sql = """
                SELECT s.symbol, \(Self.barColumns) FROM bars b INDEXED BY bars_by_time JOIN series s ON s.id = b.series
                WHERE s.timeframe = ? AND b.time >= ? AND b.time < ?
                """
            var arguments: [(any DatabaseValueConvertible)?] = [timeframe.description, from?.nanoseconds ?? Int64.min, to?.nanoseconds ?? Int64.max]
            if !symbols.isEmpty {
                sql += " AND s.symbol IN (" + symbols.map { _ in "?" }.joined(separator: ",") + ")"
                arguments += symbols.map(\.code)
            }
            sql += " ORDER BY b.time, s.symbol"
            let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
            var symbols: [String: Symbol] = [:]
            while let row = try rows.next() {
                let code: String = row[0]
                let symbol = symbols[code] ?? Symbol(code)!
                symbols[code] = symbol
                try body(SymbolBar(symbol: symbol, bar: Self.bar(row, from: 1)))
            }
        }
    }

    /// All bars of a symbol in time order within [from, to).
    public func bars(symbol: Symbol, timeframe: Timeframe, from: Timestamp? = nil, to: Timestamp? = nil) throws(Failure) -> [Bar] {
        var bars: [Bar] = []
        do {
            try forEachBar(symbol: symbol, timeframe: timeframe, from: from, to: to) { bars.append($0) }
        } catch {
            throw Failure(description: "cannot read \(symbol) \(timeframe): \(error)")
        }
        return bars
    }

    /// One stored series: its symbol, timeframe, bar count and time range.
    public struct SeriesSummary: Sendable, Hashable {
        public var symbol: String
        public var timeframe: String
        public var count: Int
        public var first: Timestamp
        public var last: Timestamp
    }

    /// Every stored series, by symbol then timeframe.
    public func series() throws(Failure) -> [SeriesSummary] {
        do {
            return try pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT s.symbol, s.timeframe, COUNT(*), MIN(b.time), MAX(b.time) FROM bars b JOIN series s ON s.id = b.series
                        GROUP BY s.id ORDER BY s.symbol, s.timeframe
                        """
                ).map {
                    SeriesSummary(
                        symbol: $0[0], timeframe: $0[1], count: $0[2], first: Timestamp(nanoseconds: $0[3]),
                        last: Timestamp(nanoseconds: $0[4]))
                }
            }
        } catch {
            throw Failure(description: "cannot list the stored series: \(error)")
        }
    }
}
