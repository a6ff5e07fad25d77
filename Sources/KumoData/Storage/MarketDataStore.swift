public import Foundation
import GRDB
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
        do {
            return try pool.write { db in
                try db.execute(sql: "INSERT OR IGNORE INTO instruments (symbol) VALUES (?)", arguments: [symbol.code])
                let statement = try db.makeStatement(sql: """
                    INSERT INTO bars (symbol, timeframe, time, open, high, low, close, volume, value)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (symbol, timeframe, time) DO UPDATE SET
                        open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
                        volume = excluded.volume, value = excluded.value
                    WHERE open IS NOT excluded.open OR high IS NOT excluded.high OR low IS NOT excluded.low
                        OR close IS NOT excluded.close OR volume IS NOT excluded.volume OR value IS NOT excluded.value
                    """)
                var changed = 0
                let frame = timeframe.description
                for bar in bars {
                    try statement.execute(arguments: [
                        symbol.code, frame, bar.time.nanoseconds, bar.open.micros, bar.high.micros, bar.low.micros,
                        bar.close.micros, bar.volume, bar.value?.micros,
                    ])
                    changed += db.changesCount
                }
                return changed
            }
        } catch {
            throw Failure(description: "import of \(symbol) \(timeframe) failed, nothing was written: \(error)")
        }
    }

    /// Streams the bars of a symbol in time order within [from, to), without loading them all.
    public func forEachBar(
        symbol: Symbol, timeframe: Timeframe, from: Timestamp? = nil, to: Timestamp? = nil, _ body: (Bar) throws -> Void
    ) throws {
        try pool.read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT time, open, high, low, close, volume, value FROM bars
                    WHERE symbol = ? AND timeframe = ? AND time >= ? AND time < ? ORDER BY time
                    """,
                arguments: [symbol.code, timeframe.description, from?.nanoseconds ?? Int64.min, to?.nanoseconds ?? Int64.max])
            while let row = try rows.next() {
                let value: Int64? = row[6]
                try body(
                    Bar(
                        time: Timestamp(nanoseconds: row[0]), open: Price(micros: row[1]), high: Price(micros: row[2]),
                        low: Price(micros: row[3]), close: Price(micros: row[4]), volume: row[5], value: value.map(Price.init(micros:))))
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
                    sql: "SELECT symbol, timeframe, COUNT(*), MIN(time), MAX(time) FROM bars GROUP BY symbol, timeframe ORDER BY symbol, timeframe"
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
