import GRDB
public import KumoCore

extension MarketDataStore {
    /// Names listed companies (from DART's corp-code table): each symbol's instrument gets `name`,
    /// created if the store has no bars of it yet. One transaction.
    /// - Returns: how many names were new or changed.
    @discardableResult
    public func nameInstruments(_ names: [Symbol: String]) throws(Failure) -> Int {
        do {
            return try pool.write { db in
                var changed = 0
                for (symbol, name) in names.sorted(by: { $0.key < $1.key }) where !name.isEmpty {
                    try db.execute(
                        sql: "INSERT INTO instruments (symbol, name) VALUES (?, ?) ON CONFLICT(symbol) DO UPDATE SET name = excluded.name WHERE name IS NOT excluded.name",
                        arguments: [symbol.code, name])
                    changed += db.changesCount
                }
                return changed
            }
        } catch {
            throw Failure(description: "naming \(names.count) instruments failed, nothing was written: \(error)")
        }
    }

    /// Every named instrument's name.
    public func instrumentNames() throws(Failure) -> [Symbol: String] {
        do {
            let rows = try pool.read { db in try Row.fetchAll(db, sql: "SELECT symbol, name FROM instruments WHERE name IS NOT NULL AND name <> ''") }
            var names: [Symbol: String] = [:]
            for row in rows { if let symbol = Symbol(row["symbol"] as String) { names[symbol] = row["name"] } }
            return names
        } catch {
            throw Failure(description: "cannot read instrument names: \(error)")
        }
    }
}
