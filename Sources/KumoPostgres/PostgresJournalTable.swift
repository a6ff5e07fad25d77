public import KumoData
import PostgresNIO

/// The live engine's journal in a PostgreSQL table, `engine_journal`, for an engine whose state
/// must outlive its machine. Several engines can share a database, each under its own name
/// (`?journal=NAME` in the address; `engine` by default). An append is one transaction, as in
/// the SQLite file. With `durable` every commit waits for the server's disk
/// (`synchronous_commit = on`); otherwise a commit survives the engine's crash, and the server
/// may lose its last fraction of a second if it crashes itself (`synchronous_commit = off`).
public final class PostgresJournalTable: JournalTable, @unchecked Sendable {
    // @unchecked Sendable: the session serialises every use of the connection.
    private let session: PostgresSession
    /// The journal's name inside the table.
    public let name: String
    public var location: String { "\(session.address) (journal \(name))" }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Connects to `address`, creating the table when the database has none.
    public init(address: PostgresAddress, durable: Bool) throws(Failure) {
        name = address.parameters["journal"] ?? "engine"
        do throws(PostgresAddress.Failure) { session = try PostgresSession(address: address) } catch { throw Failure(description: error.description) }
        do {
            try session.transaction {
                // Two engines starting at once must not both create the table.
                try session.run("SELECT pg_advisory_xact_lock(7308262014)")
                try session.run("""
                    CREATE TABLE IF NOT EXISTS engine_journal (
                        seq BIGSERIAL PRIMARY KEY, journal TEXT NOT NULL, event BIGINT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL, checksum TEXT NOT NULL)
                    """)
                try session.run("CREATE INDEX IF NOT EXISTS engine_journal_by_name ON engine_journal (journal, seq)")
            }
            try session.reading { try session.run("SET synchronous_commit = \(durable ? "on" : "off")") }
        } catch {
            throw Failure(description: "cannot open the journal \(location): \(String(reflecting: error))")
        }
    }

    /// Opens the journal at `text`, a PostgreSQL address.
    public convenience init(url text: String, durable: Bool) throws(Failure) {
        let address: PostgresAddress
        do { address = try PostgresAddress(parsing: text) } catch { throw Failure(description: error.description) }
        try self.init(address: address, durable: durable)
    }

    /// The server answers and is not a read-only standby.
    public var writable: Bool {
        (try? session.reading { try session.run("SELECT pg_is_in_recovery()").rows.first?.decode(Bool.self) }) == false
    }

    public func append(_ records: [JournalRecord]) throws {
        guard !records.isEmpty else { return }
        try session.transaction {
            // One statement for the whole event, in the records' order (sequence numbers follow it).
            try session.run(
                """
                INSERT INTO engine_journal (journal, event, kind, body, checksum)
                SELECT $1, event, kind, body, checksum FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[])
                  WITH ORDINALITY AS r(event, kind, body, checksum, position) ORDER BY position
                """,
                PostgresSession.binds([
                    name, records.map { Int64($0.event) }, records.map(\.kind), records.map(\.body), records.map(\.checksum),
                ]))
        }
    }

    public func records() throws -> [JournalRecord] {
        try session.reading {
            try session.run("SELECT seq, event, kind, body, checksum FROM engine_journal WHERE journal = $1 ORDER BY seq", PostgresSession.binds([name])).rows.map { row in
                let (seq, event, kind, body, checksum) = try row.decode((Int64, Int64, String, String, String).self)
                return JournalRecord(seq: seq, event: Int(event), kind: kind, body: body, checksum: checksum)
            }
        }
    }
}
