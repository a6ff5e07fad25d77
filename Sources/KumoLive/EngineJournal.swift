public import Foundation
import GRDB
import KumoCore
public import KumoEngine

/// The live engine's write-ahead journal: one SQLite file (WAL) holding, in order, every order
/// state and every fill the kernel applies, and checkpoints of the last event handled. An event's
/// records are committed together in one transaction before the next event starts, so the file
/// always ends at an event boundary: a crash in the middle of matching an event leaves none of it.
/// Each record carries an FNV-1a checksum of its body, so a damaged tail is found and reported
/// on open instead of being used.
public final class EngineJournal: KernelJournal, @unchecked Sendable {
    // @unchecked Sendable: written by the engine thread only; GRDB's queue serialises access.
    private let queue: DatabaseQueue
    public let path: String
    /// Events at or below this were fully handled (no need to write another checkpoint for them).
    private var checkpointed = 0
    /// Hears how long each commit that wrote records took (nanoseconds): the journal-latency metric.
    var commitObserver: ((UInt64) -> Void)?
    private var lastEvent = 0
    /// Records of the event in progress, committed by ``commit(event:checkpointEvery:)``.
    private var pending: [(kind: String, event: Int, body: String)] = []

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// What a journal holds, read back for a restart.
    public struct Contents: Sendable {
        /// Each order in its last journaled state, in the order first seen.
        public var orders: [Order] = []
        public var fills: [Fill] = []
        /// The last event any record names (a checkpoint, an order or a fill).
        public var lastEvent = 0
        public var records = 0
        /// The operators' commands (halt, resume, enable, disable, parameters, reloads, models), oldest first.
        public var commands: [OperatorCommand] = []
    }

    /// An operator's command, journaled beside the orders it may cause, so a restart comes back
    /// halted if it was, with the same strategies disabled and the same parameters set.
    public struct OperatorCommand: Sendable, Codable, Equatable {
        /// `halt`, `resume`, `enable`, `disable`, `set_param`, `reload`, `flatten`, `promote`, …
        public var action: String
        /// What it acts on (a strategy, a symbol, a model; empty for the whole engine).
        public var subject: String
        /// The reason, `key=value`, a version.
        public var detail: String
        /// Who sent it: `console`, or `api:` and the token's id (never the token).
        public var source: String
        public var time: String

        public init(action: String, subject: String = "", detail: String = "", source: String) {
            self.action = action
            self.subject = subject
            self.detail = detail
            self.source = source
            time = ISO8601DateFormatter().string(from: Date())
        }
    }

    /// Opens (creating) the journal at `path`. `durable` makes every commit wait for the disk
    /// (synchronous=FULL), surviving power loss; otherwise commits survive a process crash.
    public init(path: String, durable: Bool = false) throws {
        self.path = path
        try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.write { db in
                try db.execute(sql: """
                    CREATE TABLE IF NOT EXISTS journal (
                      seq INTEGER PRIMARY KEY, event INTEGER NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL, checksum TEXT NOT NULL)
                    """)
            }
        } catch {
            throw Failure("cannot open the journal \(path): \(error)")
        }
    }

    static func checksum(_ kind: String, _ event: Int, _ body: String) -> String { FNV1a.hex("\(kind)|\(event)|\(body)") }

    private func append(_ kind: String, event: Int, _ body: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Orders and fills always encode: their fields are plain values.
        pending.append((kind, event, String(decoding: try! encoder.encode(body), as: UTF8.self)))
        lastEvent = max(lastEvent, event)
    }

    public func record(order: Order, event: Int) { append("order", event: event, order) }

    public func record(fill: Fill, event: Int) { append("fill", event: event, fill) }

    /// Journals an operator's command and commits it at once (with anything pending).
    public func record(command: OperatorCommand, event: Int) {
        append("command", event: event, command)
        commit(event: event, checkpointEvery: .max)
    }

    /// Writes the records of the events handled so far in one transaction, with a checkpoint of
    /// `event` when `checkpointEvery` events have passed since the last one. Call between events.
    public func commit(event: Int, checkpointEvery: Int = 1) {
        if event - checkpointed >= checkpointEvery {
            append("checkpoint", event: event, ["event": event])
            checkpointed = event
        }
        guard !pending.isEmpty else { return }
        let start = commitObserver == nil ? 0 : DispatchTime.now().uptimeNanoseconds
        defer { if let commitObserver { commitObserver(DispatchTime.now().uptimeNanoseconds - start) } }
        do {
            try queue.write { db in
                for record in pending {
                    try db.execute(
                        sql: "INSERT INTO journal (event, kind, body, checksum) VALUES (?, ?, ?, ?)",
                        arguments: [record.event, record.kind, record.body, Self.checksum(record.kind, record.event, record.body)])
                }
            }
        } catch {
            // The engine must not go on from what it could not journal.
            fatalError("journal \(path): cannot write \(pending.count) records: \(error)")
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Reads every record back, checking each checksum and body; a damaged record is an error
    /// naming its sequence number and whether records follow it.
    public func read() throws -> Contents {
        let rows = try queue.read { db in try Row.fetchAll(db, sql: "SELECT seq, event, kind, body, checksum FROM journal ORDER BY seq") }
        var contents = Contents()
        var index: [ClientOrderID: Int] = [:]
        let decoder = JSONDecoder()
        for (position, row) in rows.enumerated() {
            let seq: Int64 = row["seq"], event: Int = row["event"], kind: String = row["kind"], body: String = row["body"], checksum: String = row["checksum"]
            let tail = position == rows.count - 1 ? "the last record" : "\(rows.count - position - 1) records follow it"
            guard Self.checksum(kind, event, body) == checksum else {
                throw Failure("journal \(path): record \(seq) (\(kind), event \(event)) fails its checksum (\(tail)); it is damaged and was not used")
            }
            do {
                switch kind {
                case "order":
                    let order = try decoder.decode(Order.self, from: Data(body.utf8))
                    if let at = index[order.id] { contents.orders[at] = order } else {
                        index[order.id] = contents.orders.count
                        contents.orders.append(order)
                    }
                case "fill": contents.fills.append(try decoder.decode(Fill.self, from: Data(body.utf8)))
                case "checkpoint": break
                case "command": contents.commands.append(try decoder.decode(OperatorCommand.self, from: Data(body.utf8)))
                default: throw Failure("unknown kind '\(kind)'")
                }
            } catch {
                throw Failure("journal \(path): record \(seq) (\(kind), event \(event)) cannot be read (\(tail)): \(error)")
            }
            contents.lastEvent = max(contents.lastEvent, event)
            contents.records += 1
        }
        lastEvent = contents.lastEvent
        checkpointed = contents.lastEvent
        return contents
    }
}
