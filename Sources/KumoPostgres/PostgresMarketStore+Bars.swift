import Foundation
public import KumoCore
public import KumoData
import PostgresNIO

extension PostgresMarketStore {
    /// Rows one insert sends (as nine arrays, one statement however many rows).
    static let rowsPerInsert = 20_000
    /// Stands for a missing traded value in the array of values (no real amount is this).
    static let noValue = Int64.min

    @discardableResult
    public func importBars(_ batches: [(symbol: Symbol, timeframe: Timeframe, bars: [Bar])]) throws(Failure) -> Int {
        try importBars(streaming: AnyIterator(batches.lazy.map { Optional($0) }.makeIterator()))
    }

    @discardableResult
    public func importBars(streaming batches: AnyIterator<(symbol: Symbol, timeframe: Timeframe, bars: [Bar])?>) throws(Failure) -> Int {
        do {
            return try transaction {
                var changed = 0
                for batch in batches {
                    guard let batch else { throw Failure(description: "a file could not be read") }
                    try run("INSERT INTO instruments (symbol) VALUES ($1) ON CONFLICT DO NOTHING", Self.binds([batch.symbol.code]))
                    let bars = MarketDataStore.lastOfEachTime(batch.bars)
                    var start = 0
                    while start < bars.count {
                        let rows = bars[start..<min(start + Self.rowsPerInsert, bars.count)]
                        var binds = try Self.binds([batch.symbol.code, batch.timeframe.description])
                        binds.append(rows.map(\.time.nanoseconds))
                        binds.append(rows.map(\.open.micros))
                        binds.append(rows.map(\.high.micros))
                        binds.append(rows.map(\.low.micros))
                        binds.append(rows.map(\.close.micros))
                        binds.append(rows.map(\.volume))
                        binds.append(rows.map { $0.value?.micros ?? Self.noValue })
                        let result = try run(
                            """
                            INSERT INTO bars (symbol, timeframe, time, open, high, low, close, volume, value)
                            SELECT $1, $2, t, o, h, l, c, v, NULLIF(a, \(Self.noValue))
                            FROM unnest($3::BIGINT[], $4::BIGINT[], $5::BIGINT[], $6::BIGINT[], $7::BIGINT[], $8::BIGINT[], $9::BIGINT[]) AS r(t, o, h, l, c, v, a)
                            ON CONFLICT (symbol, timeframe, time) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low,
                              close = excluded.close, volume = excluded.volume, value = excluded.value
                            WHERE (bars.open, bars.high, bars.low, bars.close, bars.volume, bars.value)
                              IS DISTINCT FROM (excluded.open, excluded.high, excluded.low, excluded.close, excluded.volume, excluded.value)
                            """, binds)
                        changed += Self.changed(result)
                        start += rows.count
                    }
                }
                return changed
            }
        } catch let failure as Failure {
            throw Failure(description: "import failed, nothing was written: \(failure.description)")
        } catch {
            throw Failure(description: "import failed, nothing was written: \(String(reflecting: error))")
        }
    }

    public func bars(symbol: Symbol, timeframe: Timeframe, from: Timestamp? = nil, to: Timestamp? = nil) throws(Failure) -> [Bar] {
        do {
            return try reading {
                try run(
                    """
                    SELECT time, open, high, low, close, volume, value FROM bars WHERE symbol = $1 AND timeframe = $2 AND time >= $3 AND time < $4 ORDER BY time
                    """, Self.binds([symbol.code, timeframe.description, from?.nanoseconds ?? Int64.min, to?.nanoseconds ?? Int64.max])
                ).rows.map(Self.bar)
            }
        } catch {
            throw Failure(description: "cannot read \(symbol) \(timeframe): \(String(reflecting: error))")
        }
    }

    static func bar(_ row: PostgresRow) throws -> Bar {
        let (time, open, high, low, close, volume, value) = try row.decode((Int64, Int64, Int64, Int64, Int64, Int64, Int64?).self)
        return Bar(
            time: Timestamp(nanoseconds: time), open: Price(micros: open), high: Price(micros: high), low: Price(micros: low), close: Price(micros: close),
            volume: volume, value: value.map { Price(micros: $0) })
    }

    public func series() throws(Failure) -> [MarketDataStore.SeriesSummary] {
        do {
            return try reading {
                try run(
                    """
                    SELECT symbol, timeframe, COUNT(*), MIN(time), MAX(time) FROM bars GROUP BY symbol, timeframe
                    ORDER BY symbol COLLATE "C", timeframe COLLATE "C"
                    """
                ).rows.map { row in
                    let (symbol, timeframe, count, first, last) = try row.decode((String, String, Int, Int64, Int64).self)
                    return MarketDataStore.SeriesSummary(
                        symbol: symbol, timeframe: timeframe, count: count, first: Timestamp(nanoseconds: first), last: Timestamp(nanoseconds: last))
                }
            }
        } catch {
            throw Failure(description: "cannot list the stored series: \(String(reflecting: error))")
        }
    }

    /// Streams the bars through a server-side cursor inside one read transaction (a consistent
    /// snapshot), ``rowsPerFetch`` rows at a time. `body` may read the store (the same connection,
    /// between fetches) but not write to it.
    public func replay(symbols: [Symbol] = [], timeframe: Timeframe, from: Timestamp? = nil, to: Timestamp? = nil, _ body: (SymbolBar) throws -> Void) throws {
        try transaction {
            var binds = try Self.binds([timeframe.description, from?.nanoseconds ?? Int64.min, to?.nanoseconds ?? Int64.max])
            var filter = ""
            if !symbols.isEmpty {
                binds.append(symbols.map(\.code))
                filter = " AND symbol = ANY($4)"
            }
            try run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            try run(
                """
                DECLARE kumo_replay NO SCROLL CURSOR FOR
                SELECT symbol, time, open, high, low, close, volume, value FROM bars WHERE timeframe = $1 AND time >= $2 AND time < $3\(filter)
                ORDER BY time, symbol COLLATE "C"
                """, binds)
            var symbolsByCode: [String: Symbol] = [:]
            while true {
                let rows = try run("FETCH \(rowsPerFetch) FROM kumo_replay").rows
                var count = 0
                for row in rows {
                    count += 1
                    let (code, time, open, high, low, close, volume, value) = try row.decode((String, Int64, Int64, Int64, Int64, Int64, Int64, Int64?).self)
                    guard let symbol = symbolsByCode[code] ?? Symbol(code) else { throw Failure(description: "a stored bar has an invalid symbol '\(code)'") }
                    symbolsByCode[code] = symbol
                    try body(SymbolBar(symbol: symbol, bar: Bar(
                        time: Timestamp(nanoseconds: time), open: Price(micros: open), high: Price(micros: high), low: Price(micros: low), close: Price(micros: close),
                        volume: volume, value: value.map { Price(micros: $0) })))
                }
                if count < rowsPerFetch { break }
            }
            try run("CLOSE kumo_replay")
        }
    }

    @discardableResult
    public func nameInstruments(_ names: [Symbol: String]) throws(Failure) -> Int {
        do {
            return try transaction {
                var changed = 0
                for (symbol, name) in names.sorted(by: { $0.key < $1.key }) where !name.isEmpty {
                    changed += Self.changed(try run(
                        """
                        INSERT INTO instruments (symbol, name) VALUES ($1, $2)
                        ON CONFLICT (symbol) DO UPDATE SET name = excluded.name WHERE instruments.name IS DISTINCT FROM excluded.name
                        """, Self.binds([symbol.code, name])))
                }
                return changed
            }
        } catch {
            throw Failure(description: "naming \(names.count) instruments failed, nothing was written: \(String(reflecting: error))")
        }
    }

    public func instrumentNames() throws(Failure) -> [Symbol: String] {
        do {
            return try reading {
                var names: [Symbol: String] = [:]
                for row in try run("SELECT symbol, name FROM instruments WHERE name IS NOT NULL AND name <> ''").rows {
                    let (code, name) = try row.decode((String, String).self)
                    if let symbol = Symbol(code) { names[symbol] = name }
                }
                return names
            }
        } catch {
            throw Failure(description: "cannot read instrument names: \(String(reflecting: error))")
        }
    }
}
