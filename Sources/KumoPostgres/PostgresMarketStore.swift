import Foundation
import KumoCore
public import KumoData
import PostgresNIO

/// The market-data store on PostgreSQL, for data larger than one machine's file or shared by
/// several hosts: the same tables and rules as the embedded SQLite store (bars keyed by symbol,
/// timeframe and time; an import is one transaction; an unchanged row is not rewritten; filings,
/// news, economic vintages and cursors as the collectors write them), migrated on open. One
/// connection, used by one caller at a time.
public final class PostgresMarketStore: MarketStore, @unchecked Sendable {
    // @unchecked Sendable: the session serialises every use of the connection.
    let session: PostgresSession
    public var address: PostgresAddress { session.address }
    public var location: String { address.description }
    /// Rows a replay fetches at a time: memory stays bounded however long the replay.
    var rowsPerFetch = 50_000

    public typealias Failure = MarketDataStore.Failure

    /// Connects to `address` and brings the schema up to date.
    public init(address: PostgresAddress) throws(Failure) {
        do throws(PostgresAddress.Failure) { session = try PostgresSession(address: address) } catch { throw Failure(description: error.description) }
        do { try PostgresSchema.migrate(self) } catch { throw Failure(description: "cannot bring \(address)'s schema up to date: \(error)") }
    }

    /// Opens the store at `text`, a PostgreSQL address.
    public convenience init(url text: String) throws(Failure) {
        let address: PostgresAddress
        do { address = try PostgresAddress(parsing: text) } catch { throw Failure(description: error.description) }
        try self.init(address: address)
    }

    @discardableResult
    func run(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) throws -> PostgresQueryResult { try session.run(sql, binds) }

    @discardableResult
    func transaction<T>(_ body: () throws -> T) throws -> T { try session.transaction(body) }

    func reading<T>(_ body: () throws -> T) throws -> T { try session.reading(body) }

    static func binds(_ values: [(any PostgresThrowingDynamicTypeEncodable)?]) throws -> PostgresBindings { try PostgresSession.binds(values) }

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
