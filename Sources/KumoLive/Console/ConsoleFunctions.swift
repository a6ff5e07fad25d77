import Foundation
import KumoCore
import KumoEngine
import KumoIndicators
import KumoLua
import KumoScripting

/// What the console's functions reach: the running engine, on its own thread.
final class ConsoleHost: @unchecked Sendable {
    // @unchecked Sendable: used only on the engine thread, between events.
    let engine: LiveEngine
    init(engine: LiveEngine) { self.engine = engine }
    var kernel: Kernel { engine.kernel }
}

/// The console's queries and operator commands, bound into its sandboxed VM.
enum ConsoleFunctions {
    static func symbol(_ frame: borrowing LuaCallFrame, _ position: Int) throws(LuaCallError) -> Symbol {
        let code = try frame.string(position)
        guard let symbol = Symbol(code) else { throw LuaCallError.invalidArgument(position, of: frame.functionName, "'\(code)' is not a symbol") }
        return symbol
    }

    static func order(_ order: Order) -> LuaValue {
        var table = LuaTable([
            "id": .string(order.id.value), "strategy": .string(order.strategy), "symbol": .string(order.symbol.code), "side": .string(order.side.rawValue),
            "qty": .integer(order.quantity), "filled": .integer(order.filledQuantity), "type": .string(order.type.name), "status": .string(order.status.rawValue),
        ])
        if let price = order.type.namedPrices.first { table["price"] = .number(price.doubleValue) }
        return .table(table)
    }

    static func bar(_ bar: Bar) -> LuaValue {
        .table(LuaTable([
            "time": .string(bar.time.kst), "open": .number(bar.open.doubleValue), "high": .number(bar.high.doubleValue),
            "low": .number(bar.low.doubleValue), "close": .number(bar.close.doubleValue), "volume": .integer(bar.volume),
        ]))
    }

    static let all: [LuaFunction<ConsoleHost>] = [
        .function("positions", LuaDocumentation("Open positions of the whole account by symbol.")) { host, frame in
            var table = LuaTable()
            for (symbol, position) in host.kernel.portfolio.positions.sorted(by: { $0.key < $1.key }) where position.quantity != 0 {
                let mark = host.kernel.lastBars[symbol]?.close.doubleValue ?? position.averagePrice
                table[symbol.code] = .table(LuaTable([
                    "qty": .integer(position.quantity), "avg_price": .number(position.averagePrice),
                    "unrealized_pnl": .number(mark * Double(position.quantity) - position.costBasis.doubleValue), "realized_pnl": .number(position.realizedPnL.doubleValue),
                ]))
            }
            return try frame.returning(.table(table))
        },
        .function("orders", LuaDocumentation("Open orders, oldest first.")) { host, frame in
            try frame.returning(.table(LuaTable(array: host.kernel.openOrders().map(order))))
        },
        .function("fills", LuaDocumentation("The last `n` fills (default 10).")) { host, frame in
            let count = frame.isNil(1) ? 10 : Int(try frame.integer(1))
            let fills = host.kernel.fills.suffix(max(count, 0)).map { fill in
                LuaValue.table(LuaTable([
                    "time": .string(fill.time.kst), "strategy": .string(fill.strategy), "symbol": .string(fill.symbol.code), "side": .string(fill.side.rawValue),
                    "qty": .integer(fill.quantity), "price": .number(fill.price.doubleValue), "fee": .number(fill.commission.doubleValue + fill.tax.doubleValue),
                ]))
            }
            return try frame.returning(.table(LuaTable(array: fills)))
        },
        .function("cash", LuaDocumentation("The account's cash.")) { host, frame in frame.returning(number: host.kernel.portfolio.cash.doubleValue) },
        .function("pnl", LuaDocumentation("Equity, cash, realized and unrealized P&L, fees and taxes.")) { host, frame in
            let kernel = host.kernel
            let realized = kernel.portfolio.realizedPnL.doubleValue
            return try frame.returning(.table(LuaTable([
                "equity": .number(kernel.equity), "cash": .number(kernel.portfolio.cash.doubleValue), "realized": .number(realized),
                "unrealized": .number(kernel.equity - kernel.portfolio.cash.doubleValue - kernel.portfolio.costBasis.doubleValue),
                "commission": .number(kernel.portfolio.commissionPaid.doubleValue), "tax": .number(kernel.portfolio.taxPaid.doubleValue),
            ])))
        },
        .function("risk", LuaDocumentation("Whether orders are halted and why, the event count and the open order count.")) { host, frame in
            try frame.returning(.table(LuaTable([
                "halted": host.kernel.haltReason.map(LuaValue.string) ?? .boolean(false), "events": .integer(Int64(host.kernel.eventIndex)),
                "open_orders": .integer(Int64(host.kernel.openOrders().count)),
            ])))
        },
        .function("strategies", LuaDocumentation("Each strategy: name, version, health, enabled, failures.")) { host, frame in
            try frame.returning(.table(LuaTable(array: host.engine.strategyStates.map { strategy in
                .table(LuaTable([
                    "name": .string(strategy.name), "version": .integer(Int64(strategy.version)), "health": .string(strategy.health),
                    "enabled": .boolean(strategy.enabled), "failures": .integer(Int64(strategy.failures)),
                ]))
            })))
        },
        .function("quote", LuaDocumentation("The last bar of `symbol`, with the broker's best bid and ask when it streams a book.")) { host, frame in
            let code = try symbol(frame, 1)
            guard let last = host.kernel.lastBars[code] else { return try frame.returning(.nil) }
            guard case .table(var table) = bar(last) else { return try frame.returning(.nil) }
            if let book = host.kernel.quotes[code] {
                if let bid = book.bids.first { table["bid"] = .number(bid.price.doubleValue) }
                if let ask = book.asks.first { table["ask"] = .number(ask.price.doubleValue) }
            }
            return try frame.returning(.table(table))
        },
        .function("broker", LuaDocumentation("The broker session: kind, account, hosts, limits, orders sent, notices, retries, the last problem.")) { host, frame in
            guard let broker = host.engine.broker else { return try frame.returning(.table(LuaTable(["broker": .string("paper (the simulated venue)")]))) }
            var table = LuaTable()
            for (key, value) in broker.status { table[key] = .string(value) }
            return try frame.returning(.table(table))
        },
        .function("reconcile", LuaDocumentation("Compares the journal with the broker's account now and applies the broker's truth; returns each change.")) { host, frame in
            guard let broker = host.engine.broker else { return try frame.returning(.string("no broker: the simulated venue is the journal")) }
            let snapshot: BrokerSnapshot
            do { snapshot = try broker.snapshot() } catch { return try frame.returning(.string("the broker's account could not be read: \(error)")) }
            let report = host.engine.reconcile(with: snapshot)
            var lines = report.lines
            let pending = report.unconfirmed
            if pending != ReconciliationDifferences() {
                lines.append("seen, for the next reconciliation to confirm (a notice may be on its way): \(pending.fills.count) orders' fills, \(pending.positions.count) positions, cash \(pending.cash != 0 ? "differs" : "agrees")")
            }
            return try frame.returning(.table(LuaTable(array: (lines.isEmpty ? ["the journal agrees with the broker"] : lines).map { .string($0) })))
        },
        .function("bars", LuaDocumentation("The last `n` bars of `symbol`, oldest first.")) { host, frame in
            let count = Int(try frame.integer(2))
            return try frame.returning(.table(LuaTable(array: host.kernel.history(try symbol(frame, 1), count: max(count, 0)).map(bar))))
        },
        .function("indicator", LuaDocumentation("The latest value(s) of an indicator spec (`sma:20`, `rsi:14`, `ichimoku:9,26,52` …) over `symbol`'s recent bars.")) { host, frame in
            let spec: IndicatorSpec
            let text = try frame.string(1)
            do throws(IndicatorSpec.ParseError) { spec = try IndicatorSpec(parsing: text) } catch { throw LuaCallError("indicator: \(error.description)") }
            let bars = host.kernel.history(try symbol(frame, 2), count: host.kernel.configuration.historyDepth).map { IndicatorBar($0) }
            guard let last = IndicatorCatalog.table(for: spec, over: Array(bars)).last else { return try frame.returning(.nil) }
            var table = LuaTable()
            for (column, value) in zip(spec.columns, last) { if let value { table[column] = .number(value) } }
            return try frame.returning(table.fields.count == 1 ? table.fields[0].value : .table(table))
        },
        .function("reloads", LuaDocumentation("The hot-reload history: file, version, outcome.")) { host, frame in
            try frame.returning(.table(LuaTable(array: host.engine.reloader.history.map { record in
                let outcome: String = switch record.outcome {
                case .applied(let carried): carried ? "applied, state carried" : "applied"
                case .failed(let why): "failed: " + why
                }
                return .table(LuaTable(["file": .string(record.file), "version": .integer(Int64(record.version)), "outcome": .string(outcome)]))
            })))
        },
        .function("halt", LuaDocumentation("Stops all new strategy orders (the kill switch).")) { host, frame in
            host.engine.halt(frame.isNil(1) ? "halted from the console" : try frame.string(1), source: "console")
            return try frame.returning(.string("halted"))
        },
        .function("resume", LuaDocumentation("Lets strategy orders through again.")) { host, frame in
            host.engine.resume(source: "console")
            return try frame.returning(.string("resumed"))
        },
        .function("cancel_all", LuaDocumentation("Cancels every open order.")) { host, frame in
            let open = host.kernel.openOrders()
            for order in open { host.kernel.cancel(order.id) }
            return try frame.returning(.string("cancelled \(open.count) orders"))
        },
        .function("flatten", LuaDocumentation("Sells every strategy's position in `symbol` (all symbols when nil) at market.")) { host, frame in
            let only: Symbol? = frame.isNil(1) ? nil : try symbol(frame, 1)
            let placed = host.engine.flatten(only, source: "console").count
            return try frame.returning(.string("placed \(placed) sell orders"))
        },
        .function("reload", LuaDocumentation("Reloads strategy `name` from its file now.")) { host, frame in
            let name = try frame.string(1)
            guard host.engine.queueReload(name, source: "console") else { throw LuaCallError("reload: no strategy '\(name)'") }
            return try frame.returning(.string("reload of \(name) queued"))
        },
        .function("enable", LuaDocumentation("Lets strategy `name` receive events again (and lifts a quarantine).")) { host, frame in
            let name = try frame.string(1)
            guard host.engine.setEnabled(name, true, source: "console") != nil else { throw LuaCallError("enable: no strategy '\(name)'") }
            return try frame.returning(.string("\(name) enabled"))
        },
        .function("disable", LuaDocumentation("Stops calling strategy `name`; its positions stay under the host's rules.")) { host, frame in
            let name = try frame.string(1)
            guard host.engine.setEnabled(name, false, source: "console") != nil else { throw LuaCallError("disable: no strategy '\(name)'") }
            return try frame.returning(.string("\(name) disabled"))
        },
        .function("set_param", LuaDocumentation("Sets parameter `key` of strategy `name` to `value`.")) { host, frame in
            let name = try frame.string(1)
            guard let strategy = host.engine.strategies.first(where: { $0.name == name }) else { throw LuaCallError("set_param: no strategy '\(name)'") }
            let key = try frame.string(2)
            let value = try frame.value(3)
            let text: String = switch value {
            case .integer(let number): String(number)
            case .number(let number): String(number)
            case .boolean(let flag): String(flag)
            case .string(let string): string
            default: throw LuaCallError.invalidArgument(3, of: frame.functionName, "a number, boolean or string")
            }
            if let problem = host.engine.setParameter(strategy.name, key, text, source: "console") { throw LuaCallError("set_param: \(problem)") }
            return try frame.returning(.string("\(name).\(key) = \(text)"))
        },
    ]
}
