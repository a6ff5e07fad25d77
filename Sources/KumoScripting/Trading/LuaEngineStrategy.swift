public import KumoCore
public import KumoEngine
import KumoIndicators
public import KumoLua

/// A Lua strategy as the kernel drives it: bars feed its indicators, then `on_bar(ctx, bar)`;
/// fills and refusals reach `on_fill` and `on_reject`.
public final class LuaEngineStrategy: EngineStrategy {
    public let strategy: ScriptedStrategy
    public var name: String { strategy.definition.name }

    public init(_ strategy: ScriptedStrategy, kernel: Kernel) {
        self.strategy = strategy
        strategy.attach(kernel: kernel)
    }

    /// Calls `init(ctx)` once, before the first bar.
    public func start() throws(LuaScriptError) { try strategy.call(.initialize) }

    public func onBar(symbol: Symbol, bar: Bar, kernel: Kernel) throws {
        let date = CivilDate(bar.time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        strategy.indicators.update(symbol: symbol.code, bar: IndicatorBar(bar), date: date)
        strategy.vm.scriptTime = bar.time.secondsSince1970
        guard strategy.handles(.onBar) else { return }
        // Keys in sorted order, so the per-bar table needs no sort.
        try strategy.call(.onBar, [.table(LuaTable(sortedFields: [
            .init(key: "close", value: .number(bar.close.doubleValue)), .init(key: "date", value: .string(date.description)),
            .init(key: "high", value: .number(bar.high.doubleValue)), .init(key: "low", value: .number(bar.low.doubleValue)),
            .init(key: "open", value: .number(bar.open.doubleValue)), .init(key: "symbol", value: .string(symbol.code)),
            .init(key: "time", value: .number(bar.time.secondsSince1970)), .init(key: "volume", value: .integer(bar.volume)),
        ]))])
    }

    public func onFill(_ fill: Fill, kernel: Kernel) throws {
        guard strategy.handles(.onFill) else { return }
        try strategy.call(.onFill, [.table(LuaTable([
            "symbol": .string(fill.symbol.code), "order_id": .string(fill.order.value), "side": .string(fill.side.rawValue),
            "qty": .integer(fill.quantity), "price": .number(fill.price.doubleValue), "fee": .number(fill.commission.doubleValue),
            "tax": .number(fill.tax.doubleValue), "time": .number(fill.time.secondsSince1970),
        ]))])
    }

    public func onReject(_ order: Order, kernel: Kernel) throws {
        guard strategy.handles(.onReject) else { return }
        try strategy.call(.onReject, [.table(LuaTable([
            "symbol": .string(order.symbol.code), "order_id": .string(order.id.value), "reason": .string("rejected"),
            "message": .string(order.rejection ?? ""),
        ]))])
    }
}
