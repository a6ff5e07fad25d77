public import KumoCore
public import KumoIndicators
public import KumoLua

/// The streaming indicator state a strategy reads through `ctx`: per symbol, every indicator the
/// script has asked for, updated by the engine on each bar before the strategy's `on_bar`.
/// An indicator first asked for after bars have arrived is warmed up from the kept history, so
/// asking in `init` and asking on the first bar give the same numbers.
public final class IndicatorBook {
    /// How many bars per symbol are kept to warm up late registrations.
    public let historyLimit: Int
    /// The swing threshold of the zigzag behind `ctx:targets` and `ctx:turning_dates`.
    public let swingThreshold: Double
    /// Maps projected turning bars of daily series to trading days.
    public let calendar: any TradingCalendar
    private var symbols: [String: SymbolState] = [:]
    /// The same states by symbol, for the engine's per-bar updates.
    private var byNumber = SymbolMap<SymbolState>()
    /// Indicator name → the loaded plugin that provides it.
    private var plugins: [String: LoadedPlugin] = [:]

    /// A plugin indicator's state for one symbol: its instance, current value, and the error of
    /// its last update if it failed.
    struct PluginSlot {
        var indicator: PluginIndicator
        var value: Double?
        var failure: LuaScriptError?
    }

    final class SymbolState {
        var history: [IndicatorBar] = []
        var lastDate: CivilDate?
        var barCount = 0
        /// Registered indicators in registration order, and where each spec sits among them.
        var runners: [RunnerSlot] = []
        var runnerIndex: [IndicatorSpec: Int] = [:]
        var pluginSlots: [String: PluginSlot] = [:]
        var signals: (indicator: IchimokuSignals, value: IchimokuSignals.Value?)?
        var swings: ZigZagSwings
        var tracker: PriceTargetTracker?
        /// Whether the swings and targets are kept up: from the first read of either, warmed from
        /// the kept history like a late indicator (a strategy that never reads them pays nothing).
        var tracksSwings = false
        /// Bars the swings have seen (their indices count from the first).
        var swingBars = 0

        func feedSwings(_ bar: IndicatorBar) {
            swingBars += 1
            if swings.update(high: bar.high, low: bar.low) != nil, let targets = PriceTargets(swings: swings.confirmed) {
                tracker = PriceTargetTracker(targets: targets)
            } else {
                tracker?.update(high: bar.high, low: bar.low)
            }
        }

        init(threshold: Double) { swings = ZigZagSwings(threshold: threshold) }
    }

    /// One registered indicator and its current values, updated in place.
    final class RunnerSlot {
        var runner: IndicatorRunner
        var values: [Double?]

        init(runner: IndicatorRunner, columns: Int) {
            self.runner = runner
            values = Array(repeating: nil, count: columns)
        }
    }

    public init(historyLimit: Int = 10_000, swingThreshold: Double = 0.1, calendar: any TradingCalendar = WeekdayCalendar()) {
        self.historyLimit = historyLimit
        self.swingThreshold = swingThreshold
        self.calendar = calendar
    }

    private func state(_ symbol: String) -> SymbolState {
        if let state = symbols[symbol] { return state }
        let state = SymbolState(threshold: swingThreshold)
        symbols[symbol] = state
        return state
    }

    /// Feeds a closed bar of `symbol` to every indicator registered for it; `date` is the trading
    /// day of a daily bar, which lets turning points be named as dates.
    public func update(symbol: String, bar: IndicatorBar, date: CivilDate? = nil) {
        update(state(symbol), bar: bar, date: date)
    }

    /// ``update(symbol:bar:date:)`` for the engine's bars: the symbol's state found by its
    /// interned number, not by hashing its code.
    public func update(symbol: Symbol, bar: IndicatorBar, date: CivilDate? = nil) {
        if let state = byNumber[symbol] { return update(state, bar: bar, date: date) }
        let state = state(symbol.code)
        byNumber[symbol] = state
        update(state, bar: bar, date: date)
    }

    private func update(_ state: SymbolState, bar: IndicatorBar, date: CivilDate?) {
        state.lastDate = date
        state.history.append(bar)
        if state.history.count >= 2 * historyLimit { state.history.removeFirst(state.history.count - historyLimit) }  // amortized O(1)
        state.barCount += 1
        for slot in state.runners { slot.runner.update(bar, into: &slot.values) }
        if !state.pluginSlots.isEmpty {
            let table = Self.table(bar)
            for (key, var slot) in state.pluginSlots {
                Self.feed(&slot, table)
                state.pluginSlots[key] = slot
            }
        }
        if var signals = state.signals {
            signals.value = signals.indicator.update(bar)
            state.signals = signals
        }
        if state.tracksSwings { state.feedSwings(bar) }
    }

    /// The symbol's state with its swings kept up from now on (warmed from the kept history).
    private func swingState(_ symbol: String) -> SymbolState {
        let state = state(symbol)
        if !state.tracksSwings {
            state.tracksSwings = true
            for bar in state.history.suffix(historyLimit) { state.feedSwings(bar) }
        }
        return state
    }

    /// The current values of `spec` for `symbol`, registering (and warming) it on first use.
    public func values(of spec: IndicatorSpec, symbol: String) -> [Double?] { slot(of: spec, symbol: symbol).values }

    /// The slot that holds `spec`'s values for `symbol`, registering (and warming) it on first use;
    /// callers on a hot path keep it and read `values` directly.
    func slot(of spec: IndicatorSpec, symbol: String) -> RunnerSlot {
        let state = state(symbol)
        if let index = state.runnerIndex[spec] { return state.runners[index] }
        let slot = RunnerSlot(runner: IndicatorCatalog.runner(for: spec), columns: spec.columns.count)
        for bar in state.history.suffix(historyLimit) { slot.runner.update(bar, into: &slot.values) }
        state.runnerIndex[spec] = state.runners.count
        state.runners.append(slot)
        return slot
    }

    /// Makes the indicators `plugin` registered readable through `ctx:indicator`.
    public func register(_ plugin: LoadedPlugin) {
        for name in plugin.registration.indicators.keys { plugins[name] = plugin }
    }

    /// Whether a loaded plugin provides indicator `name`.
    public func hasPluginIndicator(_ name: String) -> Bool { plugins[name] != nil }

    /// The current value of plugin indicator `name` with `parameters` for `symbol`, creating and
    /// warming it on first use. Throws the plugin's error when its last update failed.
    public func pluginValue(_ name: String, parameters: LuaTable, symbol: String) throws(LuaScriptError) -> Double? {
        let state = state(symbol)
        let key = name + parameters.description
        if let slot = state.pluginSlots[key] {
            if let failure = slot.failure { throw failure }
            return slot.value
        }
        guard let plugin = plugins[name] else {
            throw LuaScriptError(kind: .refused, message: "no loaded plugin provides indicator '\(name)'")
        }
        var slot = PluginSlot(indicator: try plugin.makeIndicator(name, parameters: parameters), value: nil, failure: nil)
        for bar in state.history.suffix(historyLimit) { Self.feed(&slot, Self.table(bar)) }
        state.pluginSlots[key] = slot
        if let failure = slot.failure { throw failure }
        return slot.value
    }

    private static func feed(_ slot: inout PluginSlot, _ bar: LuaTable) {
        do {
            slot.value = try slot.indicator.update(bar)
            slot.failure = nil
        } catch {
            slot.value = nil
            slot.failure = error  // reported to the strategy when it reads the value
        }
    }

    private static func table(_ bar: IndicatorBar) -> LuaTable {
        LuaTable([
            "open": .number(bar.open), "high": .number(bar.high), "low": .number(bar.low), "close": .number(bar.close),
            "volume": .number(bar.volume),
        ])
    }

    /// The current Ichimoku lines and states for `symbol` (default periods 9, 26, 52).
    public func ichimoku(symbol: String, tenkan: Int = 9, kijun: Int = 26, senkou: Int = 52) -> IchimokuSignals.Value? {
        let state = state(symbol)
        if let signals = state.signals { return signals.value }
        var indicator = IchimokuSignals(ichimoku: Ichimoku(tenkan: tenkan, kijun: kijun, senkou: senkou))
        var value: IchimokuSignals.Value?
        for bar in state.history.suffix(historyLimit) { value = indicator.update(bar) }
        state.signals = (indicator, value)
        return value
    }

    /// The swings confirmed so far for `symbol` and the bar count they index into.
    public func swings(symbol: String) -> (confirmed: [SwingPoint], lastBar: Int) {
        let state = swingState(symbol)
        return (state.swings.confirmed, state.swingBars - 1)
    }

    /// The trading day `barsAhead` daily bars after the last one fed with a date, if any was.
    public func tradingDay(symbol: String, barsAhead: Int) -> CivilDate? {
        guard barsAhead > 0, let last = state(symbol).lastDate else { return nil }
        return calendar.tradingDays(after: last, count: barsAhead).last
    }

    /// The price targets of the last three swings of `symbol`, with the bars that reached each.
    public func targets(symbol: String) -> PriceTargetTracker? { swingState(symbol).tracker }
}
