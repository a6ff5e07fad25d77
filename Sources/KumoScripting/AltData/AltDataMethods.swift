import KumoCore
import KumoEngine
import KumoSentiment
public import KumoLua

/// The `ctx` methods that read data beyond prices, point in time.
public enum AltDataMethods {
    public static let all: [LuaFunction<StrategyContext>] = [
        .method("disclosures", LuaDocumentation(
            "Returns `symbol`'s DART filings published by now (since `since`, seconds since 1970, when given), oldest first: { receipt_number, corp_name, report, kind, date, published, filer, symbol }. Empty when the run has none.",
            parameters: [.init("symbol", "string"), .init("since", "number?")],
            returns: [.init("{ receipt_number: string, corp_name: string, report: string, kind: string, date: string, published: number, filer: string, symbol: string? }[]")])
        ) { context, frame in
            let symbol = try TradingMethods.symbol(frame)
            let since: Timestamp? = frame.isNil(2) ? nil : Timestamp(nanoseconds: Int64(try frame.number(2) * 1e9))
            guard let feed = context.altData.disclosures else { return try frame.returning(.table(LuaTable())) }
            let now = context.now
            return try frame.returning(.table(LuaTable(array: feed.visible(symbol, since: since, now: now).map { .table($0.luaTable) })))
        },
        .method("news", LuaDocumentation(
            "Returns the latest `n` (default 20) news stories naming `symbol`, published by now, newest last: { title, summary, link, source, published, symbols }. Empty when the run has none.",
            parameters: [.init("symbol", "string"), .init("n", "integer?")],
            returns: [.init("{ title: string, summary: string, link: string, source: string, published: number, symbols: string[] }[]")])
        ) { context, frame in
            let symbol = try TradingMethods.symbol(frame)
            let count = frame.isNil(2) ? 20 : Int(try frame.integer(2))
            guard count > 0 else { throw LuaCallError.invalidArgument(2, of: frame.functionName, "n must be positive, not \(count)") }
            guard let feed = context.altData.news else { return try frame.returning(.table(LuaTable())) }
            let now = context.now
            return try frame.returning(.table(LuaTable(array: feed.visible(symbol, since: nil, now: now).suffix(count).map { .table($0.luaTable) })))
        },
        .method("sentiment", LuaDocumentation(
            "Returns `symbol`'s tone as known now, from its news (scored by the trained model, else the lexicon) and filings (by kind): { score, news, disclosures } each in -1..1, recency-weighted (an item's weight halves every 3 days), with count_24h, positive_24h, negative_24h and total. Nil when the run has no news or filings.",
            parameters: [.init("symbol", "string")],
            returns: [.init("{ score: number, news: number, disclosures: number, count_24h: integer, positive_24h: integer, negative_24h: integer, total: integer }?")])
        ) { context, frame in
            let symbol = try TradingMethods.symbol(frame)
            guard let book = context.altData.sentiment else { return try frame.returning(.nil) }
            let s = book.snapshot(symbol, at: context.now)
            return try frame.returning(.table(LuaTable([
                "score": .number(s.score), "news": .number(s.news), "disclosures": .number(s.disclosures), "count_24h": .number(Double(s.count24h)),
                "positive_24h": .number(Double(s.positive24h)), "negative_24h": .number(Double(s.negative24h)), "total": .number(Double(s.total)),
            ])))
        },
        .method("econ", LuaDocumentation(
            "Returns economic series `series` (`base_rate`, `usd_krw`, `cpi`, `ktb_3y`, or one defined for kumo collect econ) as known now: its latest period { series, period, date, value, previous, published }, or nil before its first release. With `n`, the last `n` periods, oldest first. A revised value shows only from its revision's publication.",
            parameters: [.init("series", "string"), .init("n", "integer?")],
            returns: [.init("{ series: string, period: string, date: string, value: number, previous: number?, published: number }|{ series: string, period: string, date: string, value: number, published: number }[]|nil")])
        ) { context, frame in
            let name = try frame.string(1)
            let count = frame.isNil(2) ? nil : Int(try frame.integer(2))
            if let count, count <= 0 { throw LuaCallError.invalidArgument(2, of: frame.functionName, "n must be positive, not \(count)") }
            guard let feed = context.altData.econ else { return try frame.returning(count == nil ? .nil : .table(LuaTable())) }
            guard let known = feed.history(name, count: max(count ?? 2, 1), now: context.now) else {
                throw LuaCallError.invalidArgument(1, of: frame.functionName, "no series '\(name)' in this run (it has \(feed.names.joined(separator: ", ")); kumo collect econ)")
            }
            if count != nil { return try frame.returning(.table(LuaTable(array: known.map { .table($0.luaTable) }))) }
            guard let last = known.last else { return try frame.returning(.nil) }
            var table = last.luaTable
            if known.count > 1 { table["previous"] = .number(known[known.count - 2].value) }
            return try frame.returning(.table(table))
        },
    ]
}
