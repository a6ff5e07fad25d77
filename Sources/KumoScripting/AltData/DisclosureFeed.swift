public import KumoCore
import KumoLua

/// Filings a run may show its strategies, point in time: `ctx:disclosures` sees those published
/// by the engine's clock, and `on_disclosure` hears each once as the clock passes its
/// publication (before the bar it precedes). Nothing is ever seen before `publishedAt`.
public final class DisclosureFeed: @unchecked Sendable {
    // @unchecked Sendable: built once, then read only (delivery cursors live in each strategy).
    /// Every filing, by publication time, then receipt number.
    public let all: [Disclosure]
    private let bySymbol: [Symbol: [Disclosure]]

    public init(_ disclosures: [Disclosure]) {
        all = disclosures.sorted { ($0.publishedAt, $0.receiptNumber) < ($1.publishedAt, $1.receiptNumber) }
        var bySymbol: [Symbol: [Disclosure]] = [:]
        for d in all { if let code = d.stockCode, let symbol = Symbol(code) { bySymbol[symbol, default: []].append(d) } }
        self.bySymbol = bySymbol
    }

    /// `symbol`'s filings published in `since…now`, oldest first.
    public func visible(_ symbol: Symbol, since: Timestamp?, now: Timestamp) -> ArraySlice<Disclosure> {
        guard let list = bySymbol[symbol] else { return [] }
        let end = Self.firstIndex(in: list) { $0.publishedAt > now }
        let start = since.map { since in Self.firstIndex(in: list) { $0.publishedAt >= since } } ?? 0
        return start < end ? list[start..<end] : []
    }

    /// The filings published after `cursor` up to `now`, of `symbols` (all when nil); advances `cursor`.
    public func newlyPublished(upTo now: Timestamp, symbols: Set<Symbol>?, cursor: inout Int) -> [Disclosure] {
        var out: [Disclosure] = []
        while cursor < all.count, all[cursor].publishedAt <= now {
            let d = all[cursor]
            cursor += 1
            if let symbols { guard let code = d.stockCode, let symbol = Symbol(code), symbols.contains(symbol) else { continue } }
            out.append(d)
        }
        return out
    }

    /// The first index whose element satisfies `isAfter` (which must be monotone), by bisection.
    static func firstIndex(in list: [Disclosure], _ isAfter: (Disclosure) -> Bool) -> Int {
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if isAfter(list[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

extension Disclosure {
    /// The filing as a script sees it.
    var luaTable: LuaTable {
        var table = LuaTable([
            "receipt_number": .string(receiptNumber), "corp_code": .string(corpCode), "corp_name": .string(corpName), "report": .string(reportName),
            "kind": .string(kind.rawValue), "date": .string(receiptDate), "published": .number(publishedAt.secondsSince1970), "filer": .string(filerName),
        ])
        if let stockCode { table["symbol"] = .string(stockCode) }
        return table
    }
}
