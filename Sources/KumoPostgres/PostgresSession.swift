import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO

/// One connection to a PostgreSQL database, used by one caller at a time: statements, whole
/// transactions and reads, each waited for. The store and the journal each hold one.
final class PostgresSession: @unchecked Sendable {
    // @unchecked Sendable: every use of the connection goes through `lock` (recursive: a
    // replay's body may read the store between the replay's fetches, on the same thread).
    private let connection: PostgresConnection
    private let lock = NSRecursiveLock()
    private let logger: Logger
    let address: PostgresAddress

    /// Connects to `address`; the error names the address (never its password) and the cause.
    init(address: PostgresAddress) throws(PostgresAddress.Failure) {
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
            throw PostgresAddress.Failure(description: "cannot connect to \(address): \(String(reflecting: error))")
        }
    }

    deinit { try? connection.close().wait() }

    /// Runs one statement and collects its rows (inside ``transaction(_:)`` or ``reading(_:)``).
    @discardableResult
    func run(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) throws -> PostgresQueryResult {
        try connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).wait()
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    @discardableResult
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

    /// Runs `body` with the connection to itself (reads, session settings).
    @discardableResult
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
}
