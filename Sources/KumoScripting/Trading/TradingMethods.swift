import KumoCore
import KumoEngine
public import KumoLua

/// The `ctx` methods that trade: orders go to the engine's kernel, which checks them against
/// the rules and the venue, and answers later through `on_fill` and `on_reject`.
public enum TradingMethods {
    static func kernel(_ context: StrategyContext, _ frame: borrowing LuaCallFrame) throws(LuaCallError) -> Kernel {
        guard let kernel = context.kernel else {
            throw LuaCallError("\(frame.functionName): trading is only available inside the engine (a backtest or kumo run)")
        }
        return kernel
    }

    static func symbol(_ frame: borrowing LuaCallFrame, _ position: Int = 1) throws(LuaCallError) -> Symbol {
        let code = try frame.string(position)
        guard let symbol = Symbol(code) else { throw LuaCallError.invalidArgument(position, of: frame.functionName, "'\(code)' is not a symbol code") }
        return symbol
    }

    static func quantity(_ frame: borrowing LuaCallFrame, _ position: Int) throws(LuaCallError) -> Int64 {
        let quantity = try frame.integer(position)
        guard quantity > 0 else { throw LuaCallError.invalidArgument(position, of: frame.functionName, "quantity must be positive, not \(quantity)") }
        return quantity
    }

    /// The order type from an `opts` table: `{ limit = price }` or nothing (market).
    static func type(_ frame: borrowing LuaCallFrame, _ position: Int) throws(LuaCallError) -> OrderType {
        guard !frame.isNil(position) else { return .market }
        let options = try frame.table(position)
        guard let limit = options["limit"] else { return .market }
        guard let value = limit.doubleValue, let price = Price(parsing: String(value)) ?? Price(parsing: String(Int64(value))), price.micros > 0 else {
            throw LuaCallError.invalidArgument(position, of: frame.functionName, "opts.limit must be a positive price")
        }
        return .limit(price)
    }

    static func place(_ context: StrategyContext, _ frame: borrowing LuaCallFrame, side: OrderSide, quantity: Int64, type: OrderType)
        throws(LuaCallError) -> LuaReturn
    {
        let order = try kernel(context, frame).submit(strategy: context.strategyName, symbol: try symbol(frame), side: side, quantity: quantity, type: type)
        if order.status == .rejected { return try frame.returning(.nil, .string(order.rejection ?? "rejected")) }
        return try frame.returning(.string(order.id.value))
    }

    /// Shares to trade to hold `target` of `symbol`: positive buys, negative sells.
    static func delta(_ kernel: Kernel, _ symbol: Symbol, target: Int64) -> Int64 {
        target - kernel.portfolio.position(symbol).quantity
    }

    static func trade(_ context: StrategyContext, _ frame: borrowing LuaCallFrame, toward target: Int64) throws(LuaCallError) -> LuaReturn {
        let kernel = try kernel(context, frame)
        let symbol = try symbol(frame)
        let change = delta(kernel, symbol, target: target)
        guard change != 0 else { return try frame.returning(.nil) }
        let order = kernel.submit(strategy: context.strategyName, symbol: symbol, side: change > 0 ? .buy : .sell, quantity: abs(change))
        if order.status == .rejected { return try frame.returning(.nil, .string(order.rejection ?? "rejected")) }
        return try frame.returning(.string(order.id.value))
    }

    public static let all: [LuaFunction<StrategyContext>] = [
        .method("buy", LuaDocumentation(
            "Buys `qty` shares at market (or at `opts.limit`); returns the client order id, or nil and why it was refused.",
            parameters: [.init("symbol", "string"), .init("qty", "integer"), .init("opts", "{ limit: number? }?")],
            returns: [.init("string?"), .init("string?", "why the order was refused")])
        ) { context, frame in
            try place(context, frame, side: .buy, quantity: try quantity(frame, 2), type: try type(frame, 3))
        },
        .method("sell", LuaDocumentation(
            "Sells `qty` shares at market (or at `opts.limit`); returns the client order id, or nil and why it was refused.",
            parameters: [.init("symbol", "string"), .init("qty", "integer"), .init("opts", "{ limit: number? }?")],
            returns: [.init("string?"), .init("string?", "why the order was refused")])
        ) { context, frame in
            try place(context, frame, side: .sell, quantity: try quantity(frame, 2), type: try type(frame, 3))
        },
        .method("close", LuaDocumentation(
            "Sells the whole position in `symbol` at market; returns the order id, or nil when flat.",
            parameters: [.init("symbol", "string")], returns: [.init("string?")])
        ) { context, frame in
            try trade(context, frame, toward: 0)
        },
        .method("target_qty", LuaDocumentation(
            "Buys or sells at market to hold `qty` shares of `symbol`; returns the order id, or nil when nothing is to do.",
            parameters: [.init("symbol", "string"), .init("qty", "integer")], returns: [.init("string?")])
        ) { context, frame in
            let target = try frame.integer(2)
            guard target >= 0 else { throw LuaCallError.invalidArgument(2, of: frame.functionName, "target quantity cannot be negative (no short selling)") }
            return try trade(context, frame, toward: target)
        },
        .method("target_percent", LuaDocumentation(
            "Buys or sells at market to hold `weight` (0…1) of equity in `symbol`, sized at the last close; returns the order id or nil.",
            parameters: [.init("symbol", "string"), .init("weight", "number")], returns: [.init("string?")])
        ) { context, frame in
            let kernel = try kernel(context, frame)
            let weight = try frame.number(2)
            guard (0...1).contains(weight) else { throw LuaCallError.invalidArgument(2, of: frame.functionName, "weight must be between 0 and 1, not \(weight)") }
            guard let close = kernel.lastBars[try symbol(frame)]?.close.doubleValue, close > 0 else {
                throw LuaCallError("\(frame.functionName): no price yet for \(try frame.string(1))")
            }
            return try trade(context, frame, toward: Int64((weight * kernel.equity / close).rounded(.down)))
        },
        .method("cancel", LuaDocumentation(
            "Cancels an open order; returns false when it is no longer open.", parameters: [.init("order_id", "string")], returns: [.init("boolean")])
        ) { context, frame in
            try frame.returning(.boolean(try kernel(context, frame).cancel(ClientOrderID(try frame.string(1)))))
        },
        .method("position", LuaDocumentation(
            "Returns the position in `symbol`: qty (0 when flat), avg_price, unrealized_pnl and realized_pnl.",
            parameters: [.init("symbol", "string")], returns: [.init("{ qty: integer, avg_price: number, unrealized_pnl: number, realized_pnl: number }")])
        ) { context, frame in
            let kernel = try kernel(context, frame)
            let symbol = try symbol(frame)
            let position = kernel.portfolio.position(symbol)
            let mark = kernel.lastBars[symbol]?.close.doubleValue ?? position.averagePrice
            return try frame.returning(.table(LuaTable([
                "qty": .integer(position.quantity), "avg_price": .number(position.averagePrice),
                "unrealized_pnl": .number(mark * Double(position.quantity) - position.costBasis.doubleValue),
                "realized_pnl": .number(position.realizedPnL.doubleValue),
            ])))
        },
        .method("cash", LuaDocumentation("Returns the cash available.", returns: [.init("number")])) { context, frame in
            frame.returning(number: try kernel(context, frame).portfolio.cash.doubleValue)
        },
        .method("equity", LuaDocumentation("Returns cash plus positions at their last closes.", returns: [.init("number")])) { context, frame in
            frame.returning(number: try kernel(context, frame).equity)
        },
    ]
}
