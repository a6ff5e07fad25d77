import KumoCore
import KumoEngine
import KumoExecution
public import KumoLua

/// `ctx:make_market{…}`, `ctx:market_maker(id)`, `ctx:set_fair(id, price)` and `ctx:stop_market(id)`:
/// two-sided quotes the host keeps around a fair value at each of the symbol's prints and bars,
/// through the same kernel and risk gate as every order.
public enum MarketMakingMethods {
    static let options: Set<String> = ["symbol", "size", "spread", "max_inventory", "skew", "fast_move", "cooldown", "fair"]

    static func table(_ maker: ExecutionDesk.Maker, inventory: Int64) -> LuaTable {
        var table = LuaTable([
            "id": .string(maker.id), "symbol": .string(maker.symbol.code), "state": .string(maker.state), "refreshes": .integer(Int64(maker.refreshes)),
            "bought": .integer(maker.bought), "sold": .integer(maker.sold), "pulls": .integer(Int64(maker.quoting.pulls)), "inventory": .integer(inventory),
            "notes": .table(LuaTable(array: maker.notes.map(LuaValue.string))),
        ])
        if let bid = maker.quotes?.bid {
            table["bid"] = .number(bid.price.doubleValue)
            table["bid_qty"] = .integer(bid.quantity)
        }
        if let ask = maker.quotes?.ask {
            table["ask"] = .number(ask.price.doubleValue)
            table["ask_qty"] = .integer(ask.quantity)
        }
        return table
    }

    public static let all: [LuaFunction<StrategyContext>] = [
        .method("make_market", LuaDocumentation(
            "Quotes both sides of a symbol around a fair value, kept by the host at each print and bar: {symbol, size (shares a quote), max_inventory (the largest position the bid builds), spread (ticks each side of the reservation price, default 1), skew (ticks both quotes move per `size` shares held, default 1), fast_move (a fair-value jump in ticks that pulls both quotes, default 5), cooldown (seconds before quoting again, default 60), fair = 'mid'|'microprice'|price (default 'mid')}. Quotes never cross the book, never sell shares not held, and are replaced when the book, the fair value or the position changes. Returns the maker's id.",
            parameters: [.init("opts", "kumo.MarketMakerOptions")], returns: [.init("string")])
        ) { context, frame in
            _ = try TradingMethods.kernel(context, frame)
            let function = frame.functionName
            let table = try frame.table(1)
            for field in table.fields where !options.contains(field.key.stringValue ?? "") {
                throw LuaCallError("\(function): unknown option '\(field.key.stringValue ?? field.key.description)' (\(options.sorted().joined(separator: ", ")))")
            }
            guard let code = try OrderOptions.string(table, "symbol", in: function) else { throw LuaCallError("\(function): symbol is required") }
            let symbol = try TradingMethods.symbol(code, function) { LuaCallError("\(function): \($0)") }
            func whole(_ key: String, _ fallback: Int64?) throws(LuaCallError) -> Int64 {
                guard let number = try OrderOptions.number(table, key, in: function) else {
                    guard let fallback else { throw LuaCallError("\(function): \(key) is required") }
                    return fallback
                }
                guard number == number.rounded(), abs(number) < 1e15 else { throw LuaCallError("\(function): \(key) must be a whole number, not \(number)") }
                return Int64(number)
            }
            let kernel = try TradingMethods.kernel(context, frame)
            let settings = MarketMaker.Settings(
                halfSpreadTicks: Int(try whole("spread", 1)), size: try whole("size", nil), maxInventory: try whole("max_inventory", nil),
                skewTicks: try OrderOptions.number(table, "skew", in: function) ?? 1, fastMoveTicks: Int(try whole("fast_move", 5)),
                cooldownSeconds: try OrderOptions.number(table, "cooldown", in: function) ?? 60, market: kernel.configuration.market(of: symbol))
            if let problem = settings.problem { throw LuaCallError("\(function): \(problem)") }
            let fair: ExecutionDesk.FairValue
            switch table["fair"] {
            case nil, .nil?, .string("mid")?: fair = .mid
            case .string("microprice")?: fair = .microprice
            case let value?:
                guard let number = value.doubleValue, let price = OrderOptions.price(number) else {
                    throw LuaCallError("\(function): fair must be 'mid', 'microprice' or a positive price, not \(value)")
                }
                fair = .fixed(price)
            }
            return try frame.returning(.string(context.desk.startMaker(symbol: symbol, settings: settings, fair: fair)))
        },
        .method("market_maker", LuaDocumentation(
            "A market maker's state: state ('quoting' or 'stopped'), bid, bid_qty, ask, ask_qty (the quotes now; a side is nil when not quoted), inventory, bought, sold, refreshes (updates that changed a quote), pulls (fast moves), notes (why a side is missing or quotes were pulled); nil when there is none.",
            parameters: [.init("id", "string")], returns: [.init("kumo.MarketMaker?")])
        ) { context, frame in
            let kernel = try TradingMethods.kernel(context, frame)
            guard let maker = context.desk.maker(try frame.string(1)) else { return try frame.returning(.nil) }
            let inventory = kernel.book(context.strategyName).position(maker.symbol).quantity
            return try frame.returning(.table(table(maker, inventory: inventory)))
        },
        .method("set_fair", LuaDocumentation(
            "Sets a market maker's fair value to a price of the script's own; it requotes at the next event. true, or nil and why.",
            parameters: [.init("id", "string"), .init("price", "number")], returns: [.init("boolean?"), .init("string?")])
        ) { context, frame in
            let id = try frame.string(1)
            guard let price = OrderOptions.price(try frame.number(2)) else { throw LuaCallError("\(frame.functionName): price must be positive") }
            return try ExecutionMethods.outcome(context.desk.setFair(id, price), frame)
        },
        .method("stop_market", LuaDocumentation(
            "Stops a market maker and cancels its quotes; true, or nil and why.",
            parameters: [.init("id", "string")], returns: [.init("boolean?"), .init("string?")])
        ) { context, frame in
            let kernel = try TradingMethods.kernel(context, frame)
            return try ExecutionMethods.outcome(context.desk.stopMaker(try frame.string(1), kernel: kernel), frame)
        },
    ]
}
