import KumoCore
import KumoEngine
public import KumoLua

/// The `ctx` methods that trade: orders go to the engine's kernel, which checks them against
/// the rules and the venue, and answers later through `on_fill`, `on_order` and `on_reject`.
public enum TradingMethods {
    static func kernel(_ context: StrategyContext, _ frame: borrowing LuaCallFrame) throws(LuaCallError) -> Kernel {
        guard let kernel = context.kernel else {
            throw LuaCallError("\(frame.functionName): trading is only available inside the engine (a backtest or kumo run)")
        }
        return kernel
    }

    static func symbol(_ frame: borrowing LuaCallFrame, _ position: Int = 1) throws(LuaCallError) -> Symbol {
        let code = try frame.string(position)
        return try symbol(code, frame.functionName) { LuaCallError.invalidArgument(position, of: frame.functionName, $0) }
    }

    static func symbol(_ code: String, _ function: String, _ error: (String) -> LuaCallError) throws(LuaCallError) -> Symbol {
        guard let symbol = Symbol(code) else { throw error("'\(code)' is not a symbol code") }
        return symbol
    }

    static func quantity(_ frame: borrowing LuaCallFrame, _ position: Int) throws(LuaCallError) -> Int64 {
        let quantity = try frame.integer(position)
        guard quantity > 0 else { throw LuaCallError.invalidArgument(position, of: frame.functionName, "quantity must be positive, not \(quantity)") }
        return quantity
    }

    /// Submits and answers as every order method does: the id, or nil and why it was refused.
    static func place(_ context: StrategyContext, _ frame: borrowing LuaCallFrame, _ request: OrderRequest) throws(LuaCallError) -> LuaReturn {
        let order = try kernel(context, frame).submit(strategy: context.strategyName, request)
        if order.status == .rejected { return try frame.returning(.nil, .string(order.rejection ?? "rejected")) }
        return try frame.returning(.string(order.id.value))
    }

    /// Trades at market toward holding `target` shares of `symbol`.
    static func trade(_ context: StrategyContext, _ frame: borrowing LuaCallFrame, toward target: Int64) throws(LuaCallError) -> LuaReturn {
        let kernel = try kernel(context, frame)
        let symbol = try symbol(frame)
        let change = target - kernel.book(context.strategyName).position(symbol).quantity
        guard change != 0 else { return try frame.returning(.nil) }
        return try place(context, frame, OrderRequest(symbol: symbol, side: change > 0 ? .buy : .sell, quantity: abs(change)))
    }

    static let orderFieldsDoc = "{ limit: number?, stop: number?, trail: number?, trail_percent: number?, tif: ('day'|'ioc'|'fok'|'gtc')?, client_id: string?, oco: string?, take_profit: number?, stop_loss: number?, type: string? }?"

    public static let all: [LuaFunction<StrategyContext>] = [
        .method("buy", LuaDocumentation(
            "Buys `qty` shares, at market unless `opts` prices it (limit, stop, stop-limit, trailing, market_on_close), DAY unless `opts.tif`; returns the client order id, or nil and why it was refused.",
            parameters: [.init("symbol", "string"), .init("qty", "integer"), .init("opts", orderFieldsDoc)],
            returns: [.init("string?"), .init("string?", "why the order was refused")])
        ) { context, frame in
            let request = try OrderOptions.request(
                frame.isNil(3) ? LuaTable() : try frame.table(3), symbol: try symbol(frame), side: .buy, quantity: try quantity(frame, 2),
                in: frame.functionName)
            return try place(context, frame, request)
        },
        .method("sell", LuaDocumentation(
            "Sells `qty` shares, priced and timed like `ctx:buy`; returns the client order id, or nil and why it was refused.",
            parameters: [.init("symbol", "string"), .init("qty", "integer"), .init("opts", orderFieldsDoc)],
            returns: [.init("string?"), .init("string?", "why the order was refused")])
        ) { context, frame in
            let request = try OrderOptions.request(
                frame.isNil(3) ? LuaTable() : try frame.table(3), symbol: try symbol(frame), side: .sell, quantity: try quantity(frame, 2),
                in: frame.functionName)
            return try place(context, frame, request)
        },
        .method("order", LuaDocumentation(
            "Places the order the table describes: symbol, side ('buy' or 'sell'), qty, and the pricing, tif, client_id, oco and bracket fields of `ctx:buy`'s opts. Returns the id, or nil and why.",
            parameters: [.init("order", "{ symbol: string, side: 'buy'|'sell', qty: integer, limit: number?, stop: number?, trail: number?, trail_percent: number?, tif: string?, client_id: string?, oco: string?, take_profit: number?, stop_loss: number?, type: string? }")],
            returns: [.init("string?"), .init("string?", "why the order was refused")])
        ) { context, frame in
            let table = try frame.table(1)
            let function = frame.functionName
            guard let code = table["symbol"]?.stringValue else { throw LuaCallError("\(function): symbol must be a string") }
            guard let sideName = table["side"]?.stringValue, let side = OrderSide(rawValue: sideName) else {
                throw LuaCallError("\(function): side must be 'buy' or 'sell'")
            }
            guard let quantity = table["qty"]?.integerValue, quantity > 0 else { throw LuaCallError("\(function): qty must be a positive integer") }
            let symbol = try symbol(code, function) { LuaCallError("\(function): \($0)") }
            return try place(context, frame, try OrderOptions.request(table, symbol: symbol, side: side, quantity: quantity, in: function))
        },
        .method("close", LuaDocumentation(
            "Sells the strategy's whole position in `symbol` at market; returns the order id, or nil when flat.",
            parameters: [.init("symbol", "string")], returns: [.init("string?"), .init("string?", "why the order was refused")])
        ) { context, frame in
            try trade(context, frame, toward: 0)
        },
        .method("target_qty", LuaDocumentation(
            "Buys or sells at market to hold `qty` shares of `symbol`; returns the order id, or nil when nothing is to do.",
            parameters: [.init("symbol", "string"), .init("qty", "integer")], returns: [.init("string?"), .init("string?", "why the order was refused")])
        ) { context, frame in
            let target = try frame.integer(2)
            guard target >= 0 else { throw LuaCallError.invalidArgument(2, of: frame.functionName, "target quantity cannot be negative (no short selling)") }
            return try trade(context, frame, toward: target)
        },
        .method("target_percent", LuaDocumentation(
            "Buys or sells at market to hold `weight` (0…1) of the strategy's equity in `symbol`, sized at the last close; returns the order id or nil.",
            parameters: [.init("symbol", "string"), .init("weight", "number")], returns: [.init("string?"), .init("string?", "why the order was refused")])
        ) { context, frame in
            let kernel = try kernel(context, frame)
            let weight = try frame.number(2)
            guard (0...1).contains(weight) else { throw LuaCallError.invalidArgument(2, of: frame.functionName, "weight must be between 0 and 1, not \(weight)") }
            guard let close = kernel.lastBars[try symbol(frame)]?.close.doubleValue, close > 0 else {
                throw LuaCallError("\(frame.functionName): no price yet for \(try frame.string(1))")
            }
            return try trade(context, frame, toward: Int64((weight * kernel.equity(for: context.strategyName) / close).rounded(.down)))
        },
        .method("cancel", LuaDocumentation(
            "Cancels one of the strategy's open orders; returns true, or false and why not (already done, not its own, a host exit).",
            parameters: [.init("order_id", "string")], returns: [.init("boolean"), .init("string?")])
        ) { context, frame in
            let problem = try kernel(context, frame).cancel(ClientOrderID(try frame.string(1)), by: context.strategyName)
            return try problem.map { try frame.returning(.boolean(false), .string($0)) } ?? frame.returning(.boolean(true))
        },
        .method("modify", LuaDocumentation(
            "Changes an open order's qty and prices (`limit`, `stop`, `trail`, `trail_percent`; the type stays); returns true, or false and why.",
            parameters: [.init("order_id", "string"), .init("changes", "{ qty: integer?, limit: number?, stop: number?, trail: number?, trail_percent: number? }")],
            returns: [.init("boolean"), .init("string?")])
        ) { context, frame in
            let kernel = try kernel(context, frame)
            let id = ClientOrderID(try frame.string(1))
            let changes = try frame.table(2)
            guard let order = kernel.orders[id] else { return try frame.returning(.boolean(false), .string("no order \(id)")) }
            let quantity = changes["qty"].flatMap(\.integerValue)
            if changes["qty"] != nil, quantity == nil { throw LuaCallError("\(frame.functionName): qty must be an integer") }
            var type: OrderType?
            if changes.fields.contains(where: { $0.key.stringValue != "qty" }) {
                type = try OrderOptions.type(merged(order.type, with: changes), in: frame.functionName)
            }
            let problem = kernel.modify(id, by: context.strategyName, quantity: quantity, type: type)
            return try problem.map { try frame.returning(.boolean(false), .string($0)) } ?? frame.returning(.boolean(true))
        },
    ]

    /// An order type's fields with `changes` laid over them, as `OrderOptions.type` reads them.
    static func merged(_ type: OrderType, with changes: LuaTable) -> LuaTable {
        var table = LuaTable()
        switch type {
        case .limit(let price): table["limit"] = .number(price.doubleValue)
        case .stop(let price): table["stop"] = .number(price.doubleValue)
        case .stopLimit(let trigger, let limit):
            table["stop"] = .number(trigger.doubleValue)
            table["limit"] = .number(limit.doubleValue)
        case .trailingStop(.amount(let amount)): table["trail"] = .number(amount.doubleValue)
        case .trailingStop(.fraction(let fraction)): table["trail_percent"] = .number(fraction)
        case .market, .marketOnClose: table["type"] = .string(type.name)
        }
        for field in changes.fields where field.key.stringValue != "qty" {
            if let key = field.key.stringValue { table[key] = field.value }
        }
        return table
    }
}
