import GRDB
import GRDBSQLite
import KumoCore

/// A prepared SQLite statement that yields bars, stepped through SQLite's C API: no row object
/// and no boxed value per bar, which is most of a streaming read's cost.
///
/// Its query selects the seven columns of ``MarketDataStore/barColumns`` first. It lives only
/// inside the database access that made it and is finalized by ``finalize()``.
struct BarStatement {
    private let handle: OpaquePointer
    private let connection: OpaquePointer?

    /// Prepares `sql` on `db` and binds `arguments` (64-bit integers or text) in order.
    init(_ db: Database, sql: String, arguments: [BarStatementArgument]) throws(MarketDataStore.Failure) {
        connection = db.sqliteConnection
        var prepared: OpaquePointer?
        guard sqlite3_prepare_v2(connection, sql, -1, &prepared, nil) == SQLITE_OK, let prepared else {
            throw MarketDataStore.Failure(description: "cannot prepare a bar query: " + String(cString: sqlite3_errmsg(connection)))
        }
        handle = prepared
        for (offset, argument) in arguments.enumerated() {
            let position = Int32(offset + 1)
            switch argument {
            case .integer(let value): sqlite3_bind_int64(handle, position, value)
            case .text(let value): sqlite3_bind_text(handle, position, value, -1, SQLITE_TRANSIENT)
            }
        }
    }

    /// Moves to the next row; false when there is none.
    mutating func step() throws(MarketDataStore.Failure) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw MarketDataStore.Failure(description: "reading bars failed: " + String(cString: sqlite3_errmsg(connection)))
        }
    }

    /// The current row's time column, read alone (the merge orders by it before reading the rest).
    var time: Int64 { sqlite3_column_int64(handle, 0) }

    /// The current row as a bar.
    var bar: Bar {
        Bar(
            time: Timestamp(nanoseconds: sqlite3_column_int64(handle, 0)), open: Price(micros: sqlite3_column_int64(handle, 1)),
            high: Price(micros: sqlite3_column_int64(handle, 2)), low: Price(micros: sqlite3_column_int64(handle, 3)),
            close: Price(micros: sqlite3_column_int64(handle, 4)), volume: sqlite3_column_int64(handle, 5),
            value: sqlite3_column_type(handle, 6) == SQLITE_NULL ? nil : Price(micros: sqlite3_column_int64(handle, 6)))
    }

    func finalize() { sqlite3_finalize(handle) }
}

/// A value bound to a ``BarStatement``.
enum BarStatementArgument {
    case integer(Int64)
    case text(String)
}

/// SQLite copies a bound text before the call returns.
private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
