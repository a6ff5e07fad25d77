/// One record of the live engine's write-ahead journal as a table keeps it: its position, the
/// event it belongs to, its kind (`order`, `fill`, `checkpoint`, `command`), its JSON body and
/// the checksum the engine computed over them.
public struct JournalRecord: Sendable, Equatable {
    /// The table's sequence number (ignored on append; assigned in append order).
    public var seq: Int64
    public var event: Int
    public var kind: String
    public var body: String
    public var checksum: String

    public init(seq: Int64 = 0, event: Int, kind: String, body: String, checksum: String) {
        self.seq = seq
        self.event = event
        self.kind = kind
        self.body = body
        self.checksum = checksum
    }
}

/// Where the journal's records live — a SQLite file or a PostgreSQL table — with the one
/// durability rule both keep: an append is one transaction, so a crash leaves all of an
/// event's records or none.
public protocol JournalTable: AnyObject, Sendable {
    /// The file or database, for messages (never a password).
    var location: String { get }
    /// Appends `records` in order in one transaction: all of them are kept or none.
    func append(_ records: [JournalRecord]) throws
    /// Every record, oldest first.
    func records() throws -> [JournalRecord]
    /// Whether an append could be written now (the engine's readiness check).
    var writable: Bool { get }
}
