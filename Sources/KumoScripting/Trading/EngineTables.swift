import KumoCore
import KumoEngine
import KumoLua

/// Engine values as the Lua tables scripts receive.
enum EngineTables {
    static func bar(_ bar: Bar, symbol: Symbol, date: String? = nil) -> LuaValue {
        .table(barFields(bar, symbol: symbol, date: date ?? CivilDate(bar.time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds).description))
    }

    /// The fields of a bar table: close, date, high, low, open, symbol, time, volume.
    static func barFields(_ bar: Bar, symbol: Symbol, date: String) -> LuaTable {
        // Keys in sorted order, so the table needs no sort.
        LuaTable(sortedFields: [
            .init(key: "close", value: .number(bar.close.doubleValue)), .init(key: "date", value: .string(date)),
            .init(key: "high", value: .number(bar.high.doubleValue)), .init(key: "low", value: .number(bar.low.doubleValue)),
            .init(key: "open", value: .number(bar.open.doubleValue)), .init(key: "symbol", value: .string(symbol.code)),
            .init(key: "time", value: .number(bar.time.secondsSince1970)), .init(key: "volume", value: .integer(bar.volume)),
        ])
    }

    static func order(_ order: Order) -> LuaValue {
        var table = LuaTable([
            "order_id": .string(order.id.value), "symbol": .string(order.symbol.code), "side": .string(order.side.rawValue),
            "qty": .integer(order.quantity), "filled_qty": .integer(order.filledQuantity), "leaves_qty": .integer(order.remainingQuantity), "status": .string(order.status.rawValue),
            "type": .string(order.type.name), "tif": .string(order.timeInForce.rawValue), "origin": .string(order.origin.rawValue),
        ])
        switch order.type {
        case .limit(let price): table["limit"] = .number(price.doubleValue)
        case .stop(let price): table["stop"] = .number(price.doubleValue)
        case .stopLimit(let trigger, let limit):
            table["stop"] = .number(trigger.doubleValue)
            table["limit"] = .number(limit.doubleValue)
        case .trailingStop: if let level = order.trailingStopLevel { table["stop"] = .number(level.doubleValue) }
        case .market, .marketOnClose: break
        }
        if let reason = order.reason { table["reason"] = .string(reason) }
        if let parent = order.parent { table["parent"] = .string(parent.value) }
        return .table(table)
    }

    static func position(_ position: Position, mark: Double?) -> LuaValue {
        let mark = mark ?? position.averagePrice
        return .table(LuaTable([
            "qty": .integer(position.quantity), "avg_price": .number(position.averagePrice),
            "unrealized_pnl": .number(mark * Double(position.quantity) - position.costBasis.doubleValue),
            "realized_pnl": .number(position.realizedPnL.doubleValue),
        ]))
    }
}
