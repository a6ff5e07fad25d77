import KumoCore
import KumoEngine
public import KumoLua
import KumoRisk

/// The `ctx` methods that read the strategy's account and ask the host's risk tools: positions,
/// cash, open orders, recent bars, position sizing and host-side exits.
public enum AccountMethods {
    public static let all: [LuaFunction<StrategyContext>] = [
        .method("position", LuaDocumentation(
            "Returns the strategy's position in `symbol`: qty (0 when flat), avg_price, unrealized_pnl and realized_pnl.",
            parameters: [.init("symbol", "string")], returns: [.init("kumo.Position")])
        ) { context, frame in
            let kernel = try TradingMethods.kernel(context, frame)
            let symbol = try TradingMethods.symbol(frame)
            return try frame.returning(EngineTables.position(kernel.book(context.strategyName).position(symbol), mark: kernel.lastBars[symbol]?.close.doubleValue))
        },
        .method("positions", LuaDocumentation(
            "Returns the strategy's open positions by symbol (flat symbols left out).", returns: [.init("table<string, kumo.Position>")])
        ) { context, frame in
            let kernel = try TradingMethods.kernel(context, frame)
            var table = LuaTable()
            for (symbol, position) in kernel.book(context.strategyName).positions.sorted(by: { $0.key < $1.key }) where position.quantity != 0 {
                table[symbol.code] = EngineTables.position(position, mark: kernel.lastBars[symbol]?.close.doubleValue)
            }
            return try frame.returning(.table(table))
        },
        .method("orders", LuaDocumentation(
            "Returns the strategy's open orders (its own and the host's exits on its positions), oldest first.", returns: [.init("kumo.OrderUpdate[]")])
        ) { context, frame in
            let kernel = try TradingMethods.kernel(context, frame)
            return try frame.returning(.table(LuaTable(array: kernel.openOrders(of: context.strategyName).map(EngineTables.order))))
        },
        .method("quote", LuaDocumentation(
            "Returns the broker's current book of `symbol` (best bid and ask, ten levels a side), or nil when no broker streams one.",
            parameters: [.init("symbol", "string")], returns: [.init("kumo.Quote?")])
        ) { context, frame in
            let kernel = try TradingMethods.kernel(context, frame)
            guard let quote = kernel.quotes[try TradingMethods.symbol(frame)] else { return try frame.returning(.nil) }
            func levels(_ side: [Quote.Level]) -> LuaValue {
                .table(LuaTable(array: side.map { .table(LuaTable(["price": .number($0.price.doubleValue), "qty": .integer($0.quantity)])) }))
            }
            var table = LuaTable(["time": .number(quote.time.secondsSince1970), "bids": levels(quote.bids), "asks": levels(quote.asks)])
            if let bid = quote.bids.first { table["bid"] = .number(bid.price.doubleValue) }
            if let ask = quote.asks.first { table["ask"] = .number(ask.price.doubleValue) }
            return try frame.returning(.table(table))
        },
        .method("cash", LuaDocumentation("Returns the cash the strategy may spend: its slice, or the shared account's.", returns: [.init("number")])) { context, frame in
            frame.returning(number: try TradingMethods.kernel(context, frame).cash(for: context.strategyName).doubleValue)
        },
        .method("buying_power", LuaDocumentation(
            "Returns the cash the strategy can still commit: its cash less its open buy orders' value (at their limit, or the last price).",
            returns: [.init("number")])
        ) { context, frame in
            frame.returning(number: try TradingMethods.kernel(context, frame).buyingPower(for: context.strategyName))
        },
        .method("equity", LuaDocumentation(
            "Returns the equity the strategy trades with: its slice, or the whole account, positions at their last closes.", returns: [.init("number")])
        ) { context, frame in
            frame.returning(number: try TradingMethods.kernel(context, frame).equity(for: context.strategyName))
        },
        .method("history", LuaDocumentation(
            "Returns the last `n` closed bars of `symbol`, oldest first (fewer early on; at most the engine's history depth, 1000 by default).",
            parameters: [.init("symbol", "string"), .init("n", "integer")], returns: [.init("kumo.Bar[]")])
        ) { context, frame in
            let kernel = try TradingMethods.kernel(context, frame)
            let symbol = try TradingMethods.symbol(frame)
            let count = try frame.integer(2)
            guard count > 0, count <= kernel.configuration.historyDepth else {
                throw LuaCallError.invalidArgument(2, of: frame.functionName, "n must be between 1 and \(kernel.configuration.historyDepth), not \(count)")
            }
            return try frame.returning(.table(LuaTable(array: kernel.history(symbol, count: Int(count)).map { EngineTables.bar($0, symbol: symbol) })))
        },
        .method("size", LuaDocumentation(
            "Returns a share count for `symbol` by a sizing rule on the strategy's equity at the last close: 'fixed_qty' {qty}, 'fixed_fraction' {fraction}, 'volatility_target' {risk, atr_multiple = 2, atr_period = 14} (nil and why while the ATR warms up), 'kelly' {win_rate, payoff, scale = 0.5, cap = 0.25}.",
            parameters: [.init("symbol", "string"), .init("rule", "'fixed_qty'|'fixed_fraction'|'volatility_target'|'kelly'"), .init("opts", "table")],
            returns: [.init("integer?"), .init("string?", "why no size yet")])
        ) { context, frame in
            let kernel = try TradingMethods.kernel(context, frame)
            let symbol = try TradingMethods.symbol(frame)
            let options = try frame.table(3)
            let function = frame.functionName
            func number(_ key: String, _ fallback: Double? = nil) throws(LuaCallError) -> Double {
                guard let value = try OrderOptions.number(options, key, in: function) ?? fallback else { throw LuaCallError("\(function): opts.\(key) is required") }
                return value
            }
            let rule: PositionSizing
            var atr: Double?
            switch try frame.string(2) {
            case "fixed_qty": rule = .fixedQuantity(Int64(try number("qty")))
            case "fixed_fraction": rule = .fixedFraction(try number("fraction"))
            case "volatility_target":
                rule = .volatilityTarget(riskFraction: try number("risk"), atrMultiple: try number("atr_multiple", 2))
                let spec = try IndicatorMethods.spec("atr", [try number("atr_period", 14)], in: function)
                atr = context.indicators.slot(of: spec, symbol: symbol.code).values.first ?? nil
                // Warming up is not an error: the script gets nil and why, and asks again later.
                if atr == nil { return try frame.returning(.nil, .string("ATR(\(Int(try number("atr_period", 14)))) of \(symbol) is still warming up")) }
            case "kelly":
                rule = .cappedKelly(winRate: try number("win_rate"), payoff: try number("payoff"), scale: try number("scale", 0.5), cap: try number("cap", 0.25))
            case let other: throw LuaCallError("\(function): unknown sizing rule '\(other)' (fixed_qty, fixed_fraction, volatility_target, kelly)")
            }
            guard let close = kernel.lastBars[symbol]?.close.doubleValue else { throw LuaCallError("\(function): no price yet for \(symbol)") }
            let shares: Int64
            do throws(PositionSizing.Failure) {
                shares = try rule.shares(equity: kernel.equity(for: context.strategyName), price: close, atr: atr)
            } catch {
                throw LuaCallError("\(function): \(error.description)")
            }
            return try frame.returning(.integer(shares))
        },
        .method("set_timer", LuaDocumentation(
            "Sets (or resets) timer `name` to call `on_timer` after `seconds` of engine time (simulated in a backtest), and every `seconds` after when `repeating`. Returns true, or false and why.",
            parameters: [.init("name", "string"), .init("seconds", "number"), .init("repeating", "boolean?")], returns: [.init("boolean"), .init("string?")])
        ) { context, frame in
            let kernel = try TradingMethods.kernel(context, frame)
            let problem = kernel.setTimer(strategy: context.strategyName, name: try frame.string(1), after: try frame.number(2), repeating: frame.boolean(3))
            return try problem.map { try frame.returning(.boolean(false), .string($0)) } ?? frame.returning(.boolean(true))
        },
        .method("cancel_timer", LuaDocumentation(
            "Cancels timer `name`; returns false when it was not set.", parameters: [.init("name", "string")], returns: [.init("boolean")])
        ) { context, frame in
            try frame.returning(.boolean(try TradingMethods.kernel(context, frame).cancelTimer(strategy: context.strategyName, name: try frame.string(1))))
        },
        .method("protect", LuaDocumentation(
            "Has the host keep exits on the strategy's position in `symbol`, as fractions of its average price: stop_loss below, take_profit above, trailing under the high since. They tighten the host's own exits, never loosen them; returns true, or false and why.",
            parameters: [.init("symbol", "string"), .init("exits", "{ stop_loss: number?, take_profit: number?, trailing: number? }")],
            returns: [.init("boolean"), .init("string?")])
        ) { context, frame in
            let kernel = try TradingMethods.kernel(context, frame)
            let symbol = try TradingMethods.symbol(frame)
            let options = try frame.table(2)
            let function = frame.functionName
            for field in options.fields where !["stop_loss", "take_profit", "trailing"].contains(field.key.stringValue ?? "") {
                throw LuaCallError("\(function): unknown exit '\(field.key.stringValue ?? field.key.description)' (stop_loss, take_profit, trailing)")
            }
            let protection = Protection(
                stopLoss: try OrderOptions.number(options, "stop_loss", in: function), takeProfit: try OrderOptions.number(options, "take_profit", in: function),
                trailing: try OrderOptions.number(options, "trailing", in: function))
            let problem = kernel.protect(strategy: context.strategyName, symbol: symbol, protection)
            return try problem.map { try frame.returning(.boolean(false), .string($0)) } ?? frame.returning(.boolean(true))
        },
    ]
}
