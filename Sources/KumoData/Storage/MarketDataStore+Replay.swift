import GRDB
public import KumoCore

extension MarketDataStore {
    /// Replays stored bars of `symbols` (all when empty) in time order, ties by symbol code,
    /// streaming from the database: the engine's input for a backtest over the store.
    ///
    /// Each series is read along its primary key (series, time), a sequential scan with no
    /// lookup per row, and the series are merged on a binary heap keyed by (time, symbol code).
    public func replay(
        symbols: [Symbol] = [], timeframe: Timeframe, from: Timestamp? = nil, to: Timestamp? = nil, _ body: (SymbolBar) throws -> Void
    ) throws {
        try pool.read { db in
            var sql = "SELECT id, symbol FROM series WHERE timeframe = ?"
            var arguments: [(any DatabaseValueConvertible)?] = [timeframe.description]
            if !symbols.isEmpty {
                sql += " AND symbol IN (" + symbols.map { _ in "?" }.joined(separator: ",") + ")"
                arguments += symbols.map(\.code)
            }
            let found = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
                .map { (id: $0[0] as Int64, code: $0[1] as String) }
                .sorted { $0.code.utf8.lexicographicallyPrecedes($1.code.utf8) }  // SQLite's binary order
            var merge = SeriesMerge()
            defer { merge.finalize() }
            for series in found {
                guard let symbol = Symbol(series.code) else {
                    throw Failure(description: "the stored series \(series.id) has an invalid symbol '\(series.code)'")
                }
                let statement = try BarStatement(
                    db,
                    sql: "SELECT \(MarketDataStore.barColumns) FROM bars b WHERE b.series = ? AND b.time >= ? AND b.time < ? ORDER BY b.time",
                    arguments: [.integer(series.id), .integer(from?.nanoseconds ?? Int64.min), .integer(to?.nanoseconds ?? Int64.max)])
                try merge.add(statement, symbol: symbol)
            }
            while let (symbol, bar) = try merge.next() { try body(SymbolBar(symbol: symbol, bar: bar)) }
        }
    }
}

/// A k-way merge of bar cursors: the heap holds the cursors that have a current row, ordered by
/// (its time, the order the cursors were added in).
private struct SeriesMerge {
    private var cursors: [BarStatement] = []
    private var symbols: [Symbol] = []
    private var heap = MergeHeap()

    mutating func add(_ statement: BarStatement, symbol: Symbol) throws(MarketDataStore.Failure) {
        let index = cursors.count
        cursors.append(statement)
        symbols.append(symbol)
        if try cursors[index].step() { heap.push(index, time: cursors[index].time) }
    }

    /// The earliest current row, after which its cursor steps on.
    mutating func next() throws(MarketDataStore.Failure) -> (Symbol, Bar)? {
        guard let index = heap.first else { return nil }
        let row = (symbols[index], cursors[index].bar)
        heap.advanceFirst(to: try cursors[index].step() ? cursors[index].time : nil)
        return row
    }

    func finalize() { for cursor in cursors { cursor.finalize() } }
}
