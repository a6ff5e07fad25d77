import Foundation
public import KumoData
import KumoCore
public import KumoEngine
import KumoPostgres

/// The live engine's write-ahead journal: a table — a SQLite file (WAL) by default, or
/// PostgreSQL — holding, in order, every order state and every fill the kernel applies, and
/// checkpoints of the last event handled. An event's records are committed together in one
/// transaction before the next event starts, so the journal always ends at an event boundary: a
/// crash in the middle of matching an event leaves none of it. Each record carries an FNV-1a
/// checksum of its body, so a damaged tail is found and reported on open instead of being used.
public final class EngineJournal: KernelJournal, @unchecked Sendable {
    // @unchecked Sendable: written by the engine thread only; the table serialises access.
    private let table: any JournalTable
    /// The file or database the journal is in (never a password).
    public var location: String { table.location }
    /// Events at or below this were fully handled (no need to write another checkpoint for them).
    private var checkpointed = 0
    /// Hears how long each commit that wrote records took (nanoseconds): the journal-latency metric.
    var commitObserver: ((UInt64) -> Void)?
    private var lastEvent = 0
    /// Records of the event in progress, committed by ``commit(event:checkpointEvery:)``.
    private var pending: [JournalRecord] = []

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

    /// The journal in `table`.
    public init(table: any JournalTable) {
        self.table = table
    }

    /// Opens (creating) the journal file at `path`. `durable` makes every commit wait for the disk
    /// (synchronous=FULL), surviving power loss; otherwise commits survive a process crash.
    public convenience init(path: String, durable: Bool = false) throws {
        do throws(SQLiteJournalTable.Failure) { self.init(table: try SQLiteJournalTable(path: path, durable: durable)) } catch {
            throw Failure(error.description)
        }
    }

    /// Opens the journal `location` names: a `postgres://` address (its `?journal=NAME` choosing
    /// among several in one database) or a file path. `durable` as for the file.
    public static func open(_ location: String, durable: Bool = false) throws -> EngineJournal {
        guard PostgresAddress.isAddress(location) else { return try EngineJournal(path: location, durable: durable) }
        do throws(PostgresJournalTable.Failure) { return EngineJournal(table: try PostgresJournalTable(url: location, durable: durable)) } catch {
            throw Failure(error.description)
        }
    }

    /// Whether the journal can still be written (the readiness check).
    public var writable: Bool { table.writable }

    static func checksum(_ kind: String, _ event: Int, _ body: String) -> String { FNV1a.hex("\(kind)|\(event)|\(body)") }

    private func append(_ kind: String, event: Int, _ body: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Orders and fills always encode: their fields are plain values.
        let text = String(decoding: try! encoder.encode(body), as: UTF8.self)
        pending.append(JournalRecord(event: event, kind: kind, body: text, checksum: Self.checksum(kind, event, text)))
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
            try table.append(pending)
        } catch {
            // The engine must not go on from what it could not journal.
            fatalError("journal \(location): cannot write \(pending.count) records: \(error)")
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Reads every record back, checking each checksum and body; a damaged record is an error
    /// naming its sequence number and whether records follow it.
    public func read() throws -> Contents {
        let rows: [JournalRecord]
        do { rows = try table.records() } catch { throw Failure("journal \(location): cannot be read: \(error)") }
        var contents = Contents()
        var index: [ClientOrderID: Int] = [:]
        let decoder = JSONDecoder()
        for (position, row) in rows.enumerated() {
            let (seq, event, kind, body) = (row.seq, row.event, row.kind, row.body)
            let following = rows.count - position - 1
            let tail = following == 0 ? "the last record" : following == 1 ? "1 record follows it" : "\(following) records follow it"
            guard Self.checksum(kind, event, body) == row.checksum else {
                throw Failure("journal \(location): record \(seq) (\(kind), event \(event)) fails its checksum (\(tail)); it is damaged and was not used")
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
                throw Failure("journal \(location): record \(seq) (\(kind), event \(event)) cannot be read (\(tail)): \(error)")
            }
            contents.lastEvent = max(contents.lastEvent, event)
            contents.records += 1
        }
        lastEvent = contents.lastEvent
        checkpointed = contents.lastEvent
        return contents
    }
}
