public import KumoCore
public import KumoEngine
import KumoIndicators
public import KumoLua

/// A Lua strategy as the kernel drives it: bars feed its indicators, then `on_bar(ctx, bar)`;
/// fills, order changes and refusals reach `on_fill`, `on_order` and `on_reject`. Once the
/// script is quarantined the kernel stops calling it.
public final class LuaEngineStrategy: EngineStrategy {
    public let strategy: ScriptedStrategy
    public var name: String { strategy.definition.name }
    public var isActive: Bool { strategy.health.status != .quarantined }
    public var healthDescription: String { strategy.health.status.rawValue }

    /// The symbols whose bars and prints reach it (all when nil): its ``StrategyUniverse``.
    /// Its fills, orders and timers always reach it.
    public let symbols: Set<Symbol>?
    /// The strategy's parent orders, advanced at each bar while any is working.
    let desk: ExecutionDesk
    /// How far through the run's filings and news `on_disclosure` and `on_news` have been told.
    var disclosureCursor = 0
    var newsCursor = 0

    public init(_ strategy: ScriptedStrategy, kernel: Kernel, symbols: Set<Symbol>? = nil) {
        self.strategy = strategy
        self.symbols = symbols
        desk = strategy.desk
        strategy.attach(kernel: kernel)
    }

    /// Takes over how far `previous` (the version a hot reload replaces) was told of filings and
    /// news, so the new version hears each item neither twice nor never.
    public func continueDeliveries(from previous: LuaEngineStrategy) {
        disclosureCursor = previous.disclosureCursor
        newsCursor = previous.newsCursor
    }

    /// Calls `init(ctx)` once, before the first bar.
    public func start() throws(LuaScriptError) { try strategy.call(.initialize) }

    public func onBar(symbol: Symbol, bar: Bar, kernel: Kernel) throws {
        if let symbols, !symbols.contains(symbol) { return }
        // The kernel has already worked out the day of the event it is handling.
        let date = kernel.now == bar.time ? kernel.currentDay ?? CivilDate(bar.time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
            : CivilDate(bar.time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        strategy.indicators.update(symbol: symbol, bar: IndicatorBar(bar), date: date)
        if !desk.isIdle { desk.advance(symbol: symbol, bar: bar, kernel: kernel, strategy: name) }
        strategy.vm.scriptTime = bar.time.secondsSince1970
        if let feed = strategy.altData.disclosures, disclosureCursor < feed.all.count, strategy.handles(.onDisclosure) {
            for filing in feed.newlyPublished(upTo: kernel.now, symbols: symbols, cursor: &disclosureCursor) {
                try strategy.call(.onDisclosure, [.table(filing.luaTable)])
            }
        }
        if let feed = strategy.altData.news, newsCursor < feed.all.count, strategy.handles(.onNews) {
            for story in feed.newlyPublished(upTo: kernel.now, symbols: symbols, cursor: &newsCursor) {
                try strategy.call(.onNews, [.table(story.luaTable)])
            }
        }
        guard strategy.handles(.onBar) else { return }
        try strategy.callBar(symbol: symbol, bar: bar, date: date)
    }

    public func onTick(symbol: Symbol, tick: Tick, kernel: Kernel) throws {
        if let symbols, !symbols.contains(symbol) { return }
        if !desk.isIdle { desk.advance(symbol: symbol, tick: tick, kernel: kernel, strategy: name) }
        strategy.vm.scriptTime = tick.time.secondsSince1970
        guard strategy.handles(.onTick) else { return }
        var table = LuaTable([
            "symbol": .string(symbol.code), "time": .number(tick.time.secondsSince1970), "price": .number(tick.price.doubleValue),
            "qty": .integer(tick.quantity),
        ])
        if let side = tick.side { table["side"] = .string(side.rawValue) }
        try strategy.call(.onTick, [.table(table)])
    }

    public func onTimer(name: String, time: Timestamp, kernel: Kernel) throws {
        strategy.vm.scriptTime = time.secondsSince1970
        guard strategy.handles(.onTimer) else { return }
        try strategy.call(.onTimer, [.table(LuaTable(["name": .string(name), "time": .number(time.secondsSince1970)]))])
    }

    public func onFill(_ fill: Fill, kernel: Kernel) throws {
        desk.fill(fill)
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
            "symbol": .string(order.symbol.code), "order_id": .string(order.id.value),
            "reason": .string(order.rejectionRule ?? "venue"), "message": .string(order.rejection ?? ""),
        ]))])
    }

    public func onOrder(_ order: Order, kernel: Kernel) throws {
        guard strategy.handles(.onOrder) else { return }
        try strategy.call(.onOrder, [EngineTables.order(order)])
    }
}
