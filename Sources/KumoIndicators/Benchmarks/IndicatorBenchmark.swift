import Dispatch
import KumoCore

/// Update throughput of each streaming indicator for `kumo bench indicators`: a synthetic random
/// walk of `bars` bars (seeded, so every run feeds the same prices) through each indicator type.
public struct IndicatorBenchmark: Sendable {
    public var bars: Int

    public init(bars: Int = 10_000_000) {
        precondition(bars >= 1000, "Benchmark at least 1000 bars, not \(bars)")
        self.bars = bars
    }

    /// The bars every indicator is fed: a deterministic random walk with a daily range.
    public func makeBars() -> [IndicatorBar] {
        var generator = SplitMix64(seed: 0x6b75_6d6f)
        var close = 50_000.0
        return (0..<bars).map { _ in
            let step = (Double(generator.next() % 2001) - 1000) / 1000 * 0.01
            let open = close
            close = max(1, close * (1 + step))
            let spread = Double(generator.next() % 100) / 10_000 * close
            return IndicatorBar(open: open, high: max(open, close) + spread, low: min(open, close) - spread, close: close,
                                volume: Double(generator.next() % 1_000_000))
        }
    }

    /// Updates per second by indicator, keyed `<name>_updates_per_s`.
    public func run() -> [String: Double] {
        let input = makeBars()
        var figures: [String: Double] = [:]
        func measure<I: Indicator>(_ name: String, _ indicator: I, _ checksum: (I.Output?) -> Double) {
            var state = indicator
            var total = 0.0
            let start = DispatchTime.now().uptimeNanoseconds
            for bar in input { total += checksum(state.update(bar)) }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            precondition(total.isFinite, "\(name) produced a non-finite checksum")
            figures["\(name)_updates_per_s"] = Double(input.count) / seconds
        }
        measure("sma", SMA(period: 20)) { $0 ?? 0 }
        measure("ema", EMA(period: 20)) { $0 ?? 0 }
        measure("wma", WMA(period: 20)) { $0 ?? 0 }
        measure("dema", DEMA(period: 20)) { $0 ?? 0 }
        measure("tema", TEMA(period: 20)) { $0 ?? 0 }
        measure("rsi", RSI(period: 14)) { $0 ?? 0 }
        measure("macd", MACD()) { $0?.macd ?? 0 }
        measure("bbands", BollingerBands()) { $0?.upper ?? 0 }
        measure("atr", ATR(period: 14)) { $0 ?? 0 }
        measure("adx", DirectionalMovement(period: 14)) { $0?.adx ?? 0 }
        measure("stoch", Stochastic()) { $0?.k ?? 0 }
        measure("willr", WilliamsR()) { $0 ?? 0 }
        measure("cci", CCI()) { $0 ?? 0 }
        measure("mfi", MFI()) { $0 ?? 0 }
        measure("obv", OBV()) { $0 ?? 0 }
        measure("vwap", VWAP()) { $0 ?? 0 }
        measure("roc", ROC()) { $0 ?? 0 }
        measure("stddev", StandardDeviation()) { $0 ?? 0 }
        measure("linreg_slope", LinearRegressionSlope()) { $0 ?? 0 }
        measure("sar", ParabolicSAR()) { $0 ?? 0 }
        measure("donchian", DonchianChannel()) { $0?.upper ?? 0 }
        measure("keltner", KeltnerChannel()) { $0?.upper ?? 0 }
        measure("highest", Highest(period: 20)) { $0 ?? 0 }
        measure("lowest", Lowest(period: 20)) { $0 ?? 0 }
        measure("ichimoku", Ichimoku()) { $0?.senkouA ?? 0 }
        return figures
    }
}
