import KumoCore
import KumoEngine
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
            guard let feed = context.disclosures else { return try frame.returning(.table(LuaTable())) }
            let now = context.kernel?.now ?? Timestamp(nanoseconds: Int64(context.services.now() * 1e9))
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
            guard let feed = context.news else { return try frame.returning(.table(LuaTable())) }
            let now = context.kernel?.now ?? Timestamp(nanoseconds: Int64(context.services.now() * 1e9))
            return try frame.returning(.table(LuaTable(array: feed.visible(symbol, since: nil, now: now).suffix(count).map { .table($0.luaTable) })))
        },
    ]
}
