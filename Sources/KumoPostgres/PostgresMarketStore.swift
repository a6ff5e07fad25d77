public import Foundation
public import KumoCore
public import KumoData
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// The market-data store on PostgreSQL, for data larger than one machine's file or shared by
/// several hosts: the same tables and rules as the embedded SQLite store (bars keyed by symbol,
/// timeframe and time; an import is one transaction; an unchanged row is not rewritten; filings,
/// news, economic vintages and cursors as the collectors write them), migrated on open. One
/// connection, used by one caller at a time.
public final class PostgresMarketStore: MarketStore, @unchecked Sendable {
    // @unchecked Sendable: every use of the connection goes through `lock`.
    let connection: PostgresConnection
    let lock = NSLock()
    let logger: Logger
    public let address: PostgresAddress
    public var location: String { address.description }

    public typealias Failure = MarketDataStore.Failure

    /// Connects to `address` and brings the schema up to date.
    public init(address: PostgresAddress) throws(Failure) {
        self.address = address
        var logger = Logger(label: "kumo.postgres")
        logger.logLevel = .critical
        self.logger = logger
        let configuration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password, database: address.database, tls: .disable)
        do {
            connection = try PostgresConnection.connect(
                on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration, id: 1, logger: logger
            ).wait()
        } catch {
            throw Failure(description: "cannot connect to \(address): \(String(reflecting: error))")
        }
        do { try PostgresSchema.migrate(self) } catch { throw Failure(description: "cannot bring \(address)'s schema up to date: \(error)") }
    }

    /// Opens the store at `text`, a PostgreSQL address.
    public convenience init(url text: String) throws(Failure) {
        let address: PostgresAddress
        do { address = try PostgresAddress(parsing: text) } catch { throw Failure(description: error.description) }
        try self.init(address: address)
    }

    deinit { try? connection.close().wait() }

    /// Runs one statement and collects its rows.
    @discardableResult
    func run(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) throws -> PostgresQueryResult {
        try connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).wait()
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        try run("BEGIN")
        do {
            let value = try body()
            try run("COMMIT")
            return value
        } catch {
            _ = try? run("ROLLBACK")
            throw error
        }
    }

    /// Runs `body` with the connection to itself (reads).
    func reading<T>(_ body: () throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Bindings from values (nil binds NULL).
    static func binds(_ values: [(any PostgresThrowingDynamicTypeEncodable)?]) throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values {
            if let value { try bindings.append(value) } else { bindings.appendNull() }
        }
        return bindings
    }

    /// Rows changed by a statement.
    static func changed(_ result: PostgresQueryResult) -> Int { result.metadata.rows ?? 0 }

    /// Drops every Kumo table (for tests and `kumo data migrate --replace`).
    public func dropAll() throws(Failure) {
        do {
            try transaction {
                for table in PostgresSchema.tables.reversed() { try run("DROP TABLE IF EXISTS \(table)") }
                try run("DROP TABLE IF EXISTS kumo_schema")
                try PostgresSchema.apply(self)
            }
        } catch { throw Failure(description: "cannot clear \(address): \(error)") }
    }
}
