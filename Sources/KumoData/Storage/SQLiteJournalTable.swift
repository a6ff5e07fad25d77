import Foundation
import GRDB

/// The journal in a SQLite file (WAL): the embedded default. `durable` makes every commit wait
/// for the disk (synchronous=FULL), surviving power loss; otherwise commits survive a process crash.
public final class SQLiteJournalTable: JournalTable, @unchecked Sendable {
    // @unchecked Sendable: GRDB's queue serialises access.
    private let queue: DatabaseQueue
    public let location: String

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Opens (creating, with its folder) the journal file at `path`.
    public init(path: String, durable: Bool) throws(Failure) {
        location = path
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
        }
        do {
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.write { db in
                try db.execute(sql: """
                    CREATE TABLE IF NOT EXISTS journal (
                      seq INTEGER PRIMARY KEY, event INTEGER NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL, checksum TEXT NOT NULL)
                    """)
            }
        } catch {
            throw Failure(description: "cannot open the journal \(path): \(error)")
        }
    }

    public var writable: Bool { FileManager.default.isWritableFile(atPath: location) }

    public func append(_ records: [JournalRecord]) throws {
        try queue.write { db in
            for record in records {
                try db.execute(
                    sql: "INSERT INTO journal (event, kind, body, checksum) VALUES (?, ?, ?, ?)",
                    arguments: [record.event, record.kind, record.body, record.checksum])
            }
        }
    }

    public func records() throws -> [JournalRecord] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT seq, event, kind, body, checksum FROM journal ORDER BY seq").map { row in
                JournalRecord(seq: row["seq"], event: row["event"], kind: row["kind"], body: row["body"], checksum: row["checksum"])
            }
        }
    }
}
