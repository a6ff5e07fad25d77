public import Foundation
import GRDB
import GRDBSQLite
public import KumoCore

/// Kumo's embedded market-data store: one SQLite file in WAL mode (a second process can read
/// while the engine writes), migrated on open. Imports run in one transaction each, so a
/// failure leaves the store as it was; re-importing the same bars changes nothing.
public final class MarketDataStore: Sendable {
    let pool: DatabasePool
    /// The database file.
    public let path: String

    /// Why the store could not do what was asked.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
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

    /// Inserts or replaces several series in one transaction: all of them or none.
    /// - Returns: how many rows were new or changed.
    @discardableResult
    public func importBars(_ batches: [(symbol: Symbol, timeframe: Timeframe, bars: [Bar])]) throws(Failure) -> Int {
        var iterator = batches.makeIterator()
        return try importBars(streaming: AnyIterator { iterator.next().map { Optional($0) } })
    }

    public func importBars(streaming batches: AnyIterator<(symbol: Symbol, timeframe: Timeframe, bars: [Bar])?>) throws(Failure) -> Int {
        do {
            return try pool.write { db in
                // A large transaction keeps its pages in memory instead of spilling them through
                // the writer's usual cache; its own setting is put back after.
                let usual = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
                try db.execute(sql: "PRAGMA cache_size = -\(Self.importCacheKiB)")
                defer { try? db.execute(sql: "PRAGMA cache_size = \(usual)") }
                var changed = 0
                for batch in batches {
                    guard let batch else { throw Failure(description: "a file could not be read") }
                    changed += try Self.insert(batch.bars, symbol: batch.symbol, timeframe: batch.timeframe, in: db)
                }
                return changed
            }
        } catch let failure as Failure {
            throw Failure(description: "import failed, nothing was written: \(failure.description)")
        } catch {
            throw Failure(description: "import failed, nothing was written: \(error)")
        }
    }

    /// The page cache of an import's transaction, in KiB.
    static let importCacheKiB = 256 * 1024

    private static func insert(_ bars: [Bar], symbol: Symbol, timeframe: Timeframe, in db: Database) throws -> Int {
        let bars = lastOfEachTime(bars)
        try db.execute(sql: "INSERT OR IGNORE INTO instruments (symbol) VALUES (?)", arguments: [symbol.code])
        try db.execute(sql: "INSERT OR IGNORE INTO series (symbol, timeframe) VALUES (?, ?)", arguments: [symbol.code, timeframe.description])
        let series = try Int64.fetchOne(
            db, sql: "SELECT id FROM series WHERE symbol = ? AND timeframe = ?", arguments: [symbol.code, timeframe.description])!
        // Whole chunks go through one multi-row statement (one VDBE run for many rows); the rest,
        // and a chunk SQLite refused (the refused statement changed nothing), row by row, so a
        // refusal names its bar.
        let chunk = try db.cachedStatement(sql: chunkUpsertSQL).sqliteStatement
        let single = try db.cachedStatement(sql: singleUpsertSQL).sqliteStatement
        var changed = 0
        var start = 0
        while start < bars.count {
            guard bars.count - start >= rowsPerInsert else {
                changed += try insertOne(bars[start], series: series, symbol: symbol, timeframe: timeframe, with: single, in: db)
                start += 1
                continue
            }
            let rows = bars[start..<start + rowsPerInsert]
            sqlite3_reset(chunk)
            sqlite3_bind_int64(chunk, 1, series)
            for (row, bar) in rows.enumerated() { bind(bar, to: chunk, at: Int32(2 + 7 * row)) }
            if sqlite3_step(chunk) == SQLITE_DONE {
                changed += Int(sqlite3_changes(db.sqliteConnection))
            } else {
                sqlite3_reset(chunk)
                for bar in rows { changed += try insertOne(bar, series: series, symbol: symbol, timeframe: timeframe, with: single, in: db) }
            }
            start += rowsPerInsert
        }
        sqlite3_reset(chunk)
        sqlite3_reset(single)
        return changed
    }

    /// Rows one multi-row insert writes: 8 × 64 parameters, well under SQLite's limit of 999.
    static let rowsPerInsert = 64
    private static let chunkUpsertSQL = upsertSQL(rows: rowsPerInsert)
    private static let singleUpsertSQL = upsertSQL(rows: 1)

    /// An upsert of `rows` bars of one series (parameter 1): unchanged rows are not rewritten,
    /// so re-importing the same bars reports no change.
    private static func upsertSQL(rows: Int) -> String {
        let values = (0..<rows).map { row in
            "(?1, " + (0..<7).map { "?\(2 + 7 * row + $0)" }.joined(separator: ", ") + ")"
        }
        return """
            INSERT INTO bars (series, time, open, high, low, close, volume, value) VALUES \(values.joined(separator: ", "))
            ON CONFLICT (series, time) DO UPDATE SET
                open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
                volume = excluded.volume, value = excluded.value
            WHERE open IS NOT excluded.open OR high IS NOT excluded.high OR low IS NOT excluded.low
                OR close IS NOT excluded.close OR volume IS NOT excluded.volume OR value IS NOT excluded.value
            """
    }

    /// Binds a bar's seven columns from parameter `position` on, through SQLite's C API (no boxing).
    @inline(__always) private static func bind(_ bar: Bar, to statement: OpaquePointer, at position: Int32) {
        sqlite3_bind_int64(statement, position, bar.time.nanoseconds)
        sqlite3_bind_int64(statement, position + 1, bar.open.micros)
        sqlite3_bind_int64(statement, position + 2, bar.high.micros)
        sqlite3_bind_int64(statement, position + 3, bar.low.micros)
        sqlite3_bind_int64(statement, position + 4, bar.close.micros)
        sqlite3_bind_int64(statement, position + 5, bar.volume)
        if let value = bar.value { sqlite3_bind_int64(statement, position + 6, value.micros) } else { sqlite3_bind_null(statement, position + 6) }
    }

    /// Inserts one bar with the single-row statement, naming the bar when SQLite refuses it.
    private static func insertOne(_ bar: Bar, series: Int64, symbol: Symbol, timeframe: Timeframe, with statement: OpaquePointer, in db: Database) throws -> Int {
        sqlite3_reset(statement)
        sqlite3_bind_int64(statement, 1, series)
        bind(bar, to: statement, at: 2)
        guard sqlite3_step(statement) == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(statement)
            throw Failure(description: "\(symbol) \(timeframe): the bar at \(bar.time.kst) was refused: \(message)")
        }
        return Int(sqlite3_changes(db.sqliteConnection))
    }

    static let barColumns = "b.time, b.open, b.high, b.low, b.close, b.volume, b.value"

    /// Streams the bars of a symbol in time order within [from, to), without loading them all.
    public func forEachBar(
        symbol: Symbol, timeframe: Timeframe, from: Timestamp? = nil, to: Timestamp? = nil, _ body: (Bar) throws -> Void
    ) throws {
        try pool.read { db in
            var statement = try BarStatement(
                db,
                sql: """
                    SELECT \(Self.barColumns) FROM bars b JOIN series s ON s.id = b.series
                    WHERE s.symbol = ? AND s.timeframe = ? AND b.time >= ? AND b.time < ? ORDER BY b.time
                    """,
                arguments: [.text(symbol.code), .text(timeframe.description), .integer(from?.nanoseconds ?? Int64.min), .integer(to?.nanoseconds ?? Int64.max)])
            defer { statement.finalize() }
            while try statement.step() { try body(statement.bar) }
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

        public init(symbol: String, timeframe: String, count: Int, first: Timestamp, last: Timestamp) {
            (self.symbol, self.timeframe, self.count, self.first, self.last) = (symbol, timeframe, count, first, last)
        }
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
