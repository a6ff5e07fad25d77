public import KumoIndicators

/// The streaming indicator state a strategy reads through `ctx`: per symbol, every indicator the
/// script has asked for, updated by the engine on each bar before the strategy's `on_bar`.
/// An indicator first asked for after bars have arrived is warmed up from the kept history, so
/// asking in `init` and asking on the first bar give the same numbers.
public final class IndicatorBook {
    /// How many bars per symbol are kept to warm up late registrations.
    public let historyLimit: Int
    /// The swing threshold of the zigzag behind `ctx:targets` and `ctx:turning_points`.
    public let swingThreshold: Double
    private var symbols: [String: SymbolState] = [:]

    final class SymbolState {
        var history: [IndicatorBar] = []
        var barCount = 0
        var runners: [IndicatorSpec: (runner: IndicatorRunner, values: [Double?])] = [:]
        var signals: (indicator: IchimokuSignals, value: IchimokuSignals.Value?)?
        var swings: ZigZagSwings
        var tracker: PriceTargetTracker?

        init(threshold: Double) { swings = ZigZagSwings(threshold: threshold) }
    }

    public init(historyLimit: Int = 10_000, swingThreshold: Double = 0.1) {
        self.historyLimit = historyLimit
        self.swingThreshold = swingThreshold
    }

    private func state(_ symbol: String) -> SymbolState {
        if let state = symbols[symbol] { return state }
        let state = SymbolState(threshold: swingThreshold)
        symbols[symbol] = state
        return state
    }

    /// Feeds a closed bar of `symbol` to every indicator registered for it.
    public func update(symbol: String, bar: IndicatorBar) {
        let state = state(symbol)
        state.history.append(bar)
        if state.history.count > historyLimit { state.history.removeFirst(state.history.count - historyLimit) }
        state.barCount += 1
        for (spec, entry) in state.runners {
            var runner = entry.runner
            let values = runner.update(bar)
            state.runners[spec] = (runner, values)
        }
        if var signals = state.signals {
            signals.value = signals.indicator.update(bar)
            state.signals = signals
        }
        if state.swings.update(high: bar.high, low: bar.low) != nil, let targets = PriceTargets(swings: state.swings.confirmed) {
            state.tracker = PriceTargetTracker(targets: targets)
        } else {
            state.tracker?.update(high: bar.high, low: bar.low)
        }
    }

    /// The current values of `spec` for `symbol`, registering (and warming) it on first use.
    public func values(of spec: IndicatorSpec, symbol: String) -> [Double?] {
        let state = state(symbol)
        if let entry = state.runners[spec] { return entry.values }
        var runner = IndicatorCatalog.runner(for: spec)
        var values = Array(repeating: Double?.none, count: spec.columns.count)
        for bar in state.history { values = runner.update(bar) }
        state.runners[spec] = (runner, values)
        return values
    }

    /// The current Ichimoku lines and states for `symbol` (default periods 9, 26, 52).
    public func ichimoku(symbol: String, tenkan: Int = 9, kijun: Int = 26, senkou: Int = 52) -> IchimokuSignals.Value? {
        let state = state(symbol)
        if let signals = state.signals { return signals.value }
        var indicator = IchimokuSignals(ichimoku: Ichimoku(tenkan: tenkan, kijun: kijun, senkou: senkou))
        var value: IchimokuSignals.Value?
        for bar in state.history { value = indicator.update(bar) }
        state.signals = (indicator, value)
        return value
    }

    /// The swings confirmed so far for `symbol` and the bar count they index into.
    public func swings(symbol: String) -> (confirmed: [SwingPoint], lastBar: Int) {
        let state = state(symbol)
        return (state.swings.confirmed, state.barCount - 1)
    }

    /// The price targets of the last three swings of `symbol`, with the bars that reached each.
    public func targets(symbol: String) -> PriceTargetTracker? { state(symbol).tracker }
}
