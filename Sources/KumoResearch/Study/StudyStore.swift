import Foundation
import GRDB

/// A study's trials in one SQLite file, written as each trial ends, so an interrupted study
/// resumes where it stopped. The file also records what the study is (strategy, data, space,
/// objective, sampler, seed); resuming with anything different is refused by name.
public final class StudyStore: Sendable {
    let queue: DatabaseQueue
    public let path: String

    /// Opens or creates the study at `path`. `definition` describes this study; an existing file
    /// made for another study is refused, naming the first field that differs.
    public init(path: String, definition: [String: String]) throws(ResearchError) {
        self.path = path
        do {
            queue = try DatabaseQueue(path: path)
            var migrator = DatabaseMigrator()
            migrator.registerMigration("v1") { db in
                try db.create(table: "study") { table in
                    table.column("key", .text).primaryKey()
                    table.column("value", .text).notNull()
                }
                try db.create(table: "trial") { table in
                    table.column("number", .integer).primaryKey()
                    table.column("body", .blob).notNull()
                }
            }
            try migrator.migrate(queue)
        } catch {
            throw .store("cannot open \(path): \(error)")
        }
        try check(definition)
    }

    private func check(_ definition: [String: String]) throws(ResearchError) {
        do {
            let stored = try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT key, value FROM study").reduce(into: [String: String]()) { $0[$1["key"]] = $1["value"] }
            }
            if stored.isEmpty {
                try queue.write { db in
                    for (key, value) in definition { try db.execute(sql: "INSERT INTO study (key, value) VALUES (?, ?)", arguments: [key, value]) }
                }
                return
            }
            func shown(_ value: String?) -> String { value.map { $0.isEmpty ? "(none)" : $0 } ?? "(none)" }
            for key in definition.keys.sorted() where stored[key] != definition[key] {
                throw ResearchError.store(
                    "\(path) holds a study with \(key) = \(shown(stored[key])), not \(shown(definition[key])); resume it with the same settings or name another --study file")
            }
        } catch let error as ResearchError {
            throw error
        } catch {
            throw .store("cannot read \(path): \(error)")
        }
    }

    /// The trials recorded so far, by number.
    public func trials() throws(ResearchError) -> [Trial] {
        do {
            return try queue.read { db in
                try Data.fetchAll(db, sql: "SELECT body FROM trial ORDER BY number").map { try JSONDecoder().decode(Trial.self, from: $0) }
            }
        } catch {
            throw .store("cannot read the trials of \(path): \(error)")
        }
    }

    /// Records finished trials in one transaction.
    public func save(_ trials: [Trial]) throws(ResearchError) {
        do {
            let encoder = JSONEncoder()
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            try queue.write { db in
                for trial in trials {
                    try db.execute(sql: "INSERT OR REPLACE INTO trial (number, body) VALUES (?, ?)", arguments: [trial.number, try encoder.encode(trial)])
                }
            }
        } catch {
            throw .store("cannot write to \(path): \(error)")
        }
    }
}
