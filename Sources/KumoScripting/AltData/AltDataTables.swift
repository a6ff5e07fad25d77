import KumoCore
import KumoLua

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

extension NewsArticle {
    /// The story as a script sees it.
    var luaTable: LuaTable {
        LuaTable([
            "title": .string(title), "summary": .string(summary), "link": .string(link), "source": .string(source),
            "published": .number(publishedAt.secondsSince1970), "symbols": .table(LuaTable(array: symbols.map { .string($0.code) })),
        ])
    }
}

extension EconObservation {
    /// The value as a script sees it.
    var luaTable: LuaTable {
        LuaTable([
            "series": .string(series), "period": .string(period.label), "date": .string(period.start.description), "value": .number(value),
            "published": .number(publishedAt.secondsSince1970),
        ])
    }
}
