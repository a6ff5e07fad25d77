import Crypto
public import Foundation
import GRDB
import Synchronization

/// API tokens, stored hashed: `kumo_<id>_<secret>` is shown once at creation; the file keeps the
/// id, the role and SHA-256 of the secret. Verification finds the row by id and compares the
/// hashes in constant time, so neither a timing nor the file gives a token away.
public final class TokenStore: Sendable {
    let queue: DatabaseQueue
    /// Rows read recently, by token id: the stored hash, the record and when it was read.
    let cache = Mutex<[String: (hash: Data, record: Record, fetched: Double)]>([:])
    /// Seconds a token's row is trusted before it is read again (a revocation's longest delay).
    public let cacheSeconds: Double = 1
    public let path: String

    /// A token as listed: never its secret.
    public struct Record: Sendable, Equatable {
        public var id: String
        public var name: String
        public var role: APIRole
        public var createdAt: Date
        public var revoked: Bool
    }

    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    public init(path: String) throws(Failure) {
        self.path = path
        do {
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            queue = try DatabaseQueue(path: path)
            var migrator = DatabaseMigrator()
            migrator.registerMigration("v1") { db in
                try db.create(table: "token") { table in
                    table.column("id", .text).primaryKey()
                    table.column("name", .text).notNull()
                    table.column("role", .text).notNull()
                    table.column("secret_sha256", .blob).notNull()
                    table.column("created_at", .double).notNull()
                    table.column("revoked", .boolean).notNull().defaults(to: false)
                }
            }
            try migrator.migrate(queue)
        } catch {
            throw Failure(description: "cannot open the token store \(path): \(error)")
        }
        // Only the owner may read the hashes.
        chmod(path, 0o600)
    }

    /// Creates a token and returns it whole: the only time its secret exists outside the caller.
    public func create(name: String, role: APIRole, now: Date = Date()) throws(Failure) -> (token: String, record: Record) {
        guard !name.isEmpty, name.count <= 64 else { throw Failure(description: "a token's name is 1 to 64 characters") }
        var generator = SystemRandomNumberGenerator()
        let id = Self.hex((0..<6).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let secret = Self.hex((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let record = Record(id: id, name: name, role: role, createdAt: now, revoked: false)
        do {
            try queue.write { db in
                try db.execute(
                    sql: "INSERT INTO token (id, name, role, secret_sha256, created_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [id, name, role.rawValue, Data(SHA256.hash(data: Data(secret.utf8))), now.timeIntervalSince1970])
            }
        } catch {
            throw Failure(description: "cannot write to the token store \(path): \(error)")
        }
        return ("kumo_\(id)_\(secret)", record)
    }

    /// The role of a presented token, or nil when it is malformed, unknown, revoked or wrong. A
    /// token's stored row is kept for `cacheSeconds`, so a busy client does not read the store on
    /// every request; a revocation (made by another process) takes effect within that time.
    public func verify(_ token: String, now: Double = Double(DispatchTime.now().uptimeNanoseconds) / 1e9) -> Record? {
        let parts = token.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "kumo", parts[1].count == 12, parts[2].count == 64 else { return nil }
        let id = String(parts[1])
        var entry = cache.withLock { $0[id] }
        if entry == nil || now - entry!.fetched >= cacheSeconds {
            guard let row = try? queue.read({ db in try Row.fetchOne(db, sql: "SELECT * FROM token WHERE id = ?", arguments: [id]) }), let record = Self.record(row) else {
                cache.withLock { $0[id] = nil }
                return nil
            }
            entry = (row["secret_sha256"], record, now)
            cache.withLock { $0[id] = entry }
        }
        let presented = Data(SHA256.hash(data: Data(parts[2].utf8)))
        guard let entry, Self.constantTimeEqual(entry.hash, presented), !entry.record.revoked else { return nil }
        return entry.record
    }

    /// Every token, newest first.
    public func list() throws(Failure) -> [Record] {
        do {
            return try queue.read { db in try Row.fetchAll(db, sql: "SELECT * FROM token ORDER BY created_at DESC, id").compactMap(Self.record) }
        } catch {
            throw Failure(description: "cannot read the token store \(path): \(error)")
        }
    }

    /// Revokes token `id`; false when there is none.
    public func revoke(_ id: String) throws(Failure) -> Bool {
        cache.withLock { $0[id] = nil }
        do {
            return try queue.write { db in
                try db.execute(sql: "UPDATE token SET revoked = 1 WHERE id = ?", arguments: [id])
                return db.changesCount > 0
            }
        } catch {
            throw Failure(description: "cannot write to the token store \(path): \(error)")
        }
    }

    static func record(_ row: Row) -> Record? {
        guard let role = APIRole(rawValue: row["role"]) else { return nil }
        return Record(id: row["id"], name: row["name"], role: role, createdAt: Date(timeIntervalSince1970: row["created_at"]), revoked: row["revoked"])
    }

    /// Equal bytes, in a time that depends only on the length.
    static func constantTimeEqual(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}
