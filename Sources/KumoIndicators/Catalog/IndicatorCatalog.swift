/// Every indicator a spec can name, with its defaults, its output columns and how to run it.
public enum IndicatorCatalog {
    struct Entry: Sendable {
        var usage: String
        var defaults: [Double]
        var integerParameters: Set<Int>
        var columns: @Sendable (IndicatorSpec) -> [String]
        var make: @Sendable (IndicatorSpec) -> IndicatorRunner.Step
    }

    /// The indicator names, sorted.
    public static var names: [String] { entries.keys.sorted() }

    static func single(
        _ usage: String, _ defaults: [Double], integers: Set<Int> = [0], label: @escaping @Sendable (IndicatorSpec) -> String,
        _ make: @escaping @Sendable (IndicatorSpec) -> IndicatorRunner.Step
    ) -> Entry {
        Entry(usage: usage, defaults: defaults, integerParameters: integers, columns: { [label($0)] }, make: make)
    }

    /// Wraps an indicator of several columns as a stepping closure.
    static func stepping<I: Indicator>(_ indicator: I, _ outputs: @escaping (I.Output?) -> [Double?]) -> IndicatorRunner.Step {
        var state = indicator
        return { bar, values in
            let row = outputs(state.update(bar))
            for index in values.indices { values[index] = row[index] }
        }
    }

    /// Wraps a one-number indicator as a stepping closure that writes its value in place (the
    /// per-bar path of every `ctx:sma`-like read allocates nothing).
    static func stepping<I: Indicator>(_ indicator: I) -> IndicatorRunner.Step where I.Output == Double {
        var state = indicator
        return { bar, values in values[0] = state.update(bar) }
    }

    static func period(_ prefix: String) -> @Sendable (IndicatorSpec) -> String { { "\(prefix)_\($0.integer(0))" } }

    static let entries: [String: Entry] = [
        "sma": single("sma:period", [20], label: period("sma")) { stepping(SMA(period: $0.integer(0))) },
        "ema": single("ema:period", [20], label: period("ema")) { stepping(EMA(period: $0.integer(0))) },
        "wma": single("wma:period", [20], label: period("wma")) { stepping(WMA(period: $0.integer(0))) },
        "dema": single("dema:period", [20], label: period("dema")) { stepping(DEMA(period: $0.integer(0))) },
        "tema": single("tema:period", [20], label: period("tema")) { stepping(TEMA(period: $0.integer(0))) },
        "rsi": single("rsi:period", [14], label: period("rsi")) { stepping(RSI(period: $0.integer(0))) },
        "atr": single("atr:period", [14], label: period("atr")) { stepping(ATR(period: $0.integer(0))) },
        "willr": single("willr:period", [14], label: period("willr")) { stepping(WilliamsR(period: $0.integer(0))) },
        "cci": single("cci:period", [14], label: period("cci")) { stepping(CCI(period: $0.integer(0))) },
        "mfi": single("mfi:period", [14], label: period("mfi")) { stepping(MFI(period: $0.integer(0))) },
        "roc": single("roc:period", [10], label: period("roc")) { stepping(ROC(period: $0.integer(0))) },
        "stddev": single("stddev:period[,deviations]", [20, 1], label: period("stddev")) {
            stepping(StandardDeviation(period: $0.integer(0), deviations: $0.parameters[1]))
        },
        "linreg_slope": single("linreg_slope:period", [14], label: period("linreg_slope")) {
            stepping(LinearRegressionSlope(period: $0.integer(0)))
        },
        "highest": single("highest:period", [20], label: period("highest")) { stepping(Highest(period: $0.integer(0))) },
        "lowest": single("lowest:period", [20], label: period("lowest")) { stepping(Lowest(period: $0.integer(0))) },
        "obv": single("obv", [], integers: [], label: { _ in "obv" }) { _ in stepping(OBV()) },
        "vwap": single("vwap", [], integers: [], label: { _ in "vwap" }) { _ in stepping(VWAP()) },
        "sar": single("sar:acceleration,maximum", [0.02, 0.2], integers: [], label: { _ in "sar" }) {
            stepping(ParabolicSAR(acceleration: $0.parameters[0], maximum: $0.parameters[1]))
        },
        "macd": Entry(
            usage: "macd:fast,slow,signal", defaults: [12, 26, 9], integerParameters: [0, 1, 2],
            columns: { _ in ["macd", "macd_signal", "macd_hist"] },
            make: { spec in
                stepping(MACD(fast: spec.integer(0), slow: spec.integer(1), signal: spec.integer(2))) {
                    [$0?.macd, $0?.signal, $0?.histogram]
                }
            }),
        "bbands": Entry(
            usage: "bbands:period,deviations", defaults: [20, 2], integerParameters: [0],
            columns: { _ in ["bb_upper", "bb_middle", "bb_lower"] },
            make: { spec in
                stepping(BollingerBands(period: spec.integer(0), upper: spec.parameters[1], lower: spec.parameters[1])) {
                    [$0?.upper, $0?.middle, $0?.lower]
                }
            }),
        "adx": Entry(
            usage: "adx:period", defaults: [14], integerParameters: [0],
            columns: { ["adx_\($0.integer(0))", "plus_di_\($0.integer(0))", "minus_di_\($0.integer(0))"] },
            make: { spec in stepping(DirectionalMovement(period: spec.integer(0))) { [$0?.adx, $0?.plusDI, $0?.minusDI] } }),
        "stoch": Entry(
            usage: "stoch:fastk,slowk,slowd", defaults: [14, 3, 3], integerParameters: [0, 1, 2],
            columns: { _ in ["stoch_k", "stoch_d"] },
            make: { spec in
                stepping(Stochastic(fastK: spec.integer(0), slowK: spec.integer(1), slowD: spec.integer(2))) { [$0?.k, $0?.d] }
            }),
        "donchian": Entry(
            usage: "donchian:period", defaults: [20], integerParameters: [0],
            columns: { _ in ["donchian_upper", "donchian_middle", "donchian_lower"] },
            make: { spec in stepping(DonchianChannel(period: spec.integer(0))) { [$0?.upper, $0?.middle, $0?.lower] } }),
        "keltner": Entry(
            usage: "keltner:period,atr_period,multiplier", defaults: [20, 10, 2], integerParameters: [0, 1],
            columns: { _ in ["keltner_upper", "keltner_middle", "keltner_lower"] },
            make: { spec in
                stepping(KeltnerChannel(period: spec.integer(0), atrPeriod: spec.integer(1), multiplier: spec.parameters[2])) {
                    [$0?.upper, $0?.middle, $0?.lower]
                }
            }),
        "ichimoku": Entry(
            usage: "ichimoku:tenkan,kijun,senkou", defaults: [9, 26, 52], integerParameters: [0, 1, 2],
            columns: { _ in ["tenkan", "kijun", "senkou_a_lead", "senkou_b_lead", "senkou_a", "senkou_b", "chikou"] },
            make: { spec in
                stepping(Ichimoku(tenkan: spec.integer(0), kijun: spec.integer(1), senkou: spec.integer(2))) {
                    [$0?.tenkan, $0?.kijun, $0?.senkouALead, $0?.senkouBLead, $0?.senkouA, $0?.senkouB, $0?.chikou]
                }
            }),
    ]

    /// A running instance of `spec`: feed bars, read one value per column (nil while warming up).
    public static func runner(for spec: IndicatorSpec) -> IndicatorRunner {
        IndicatorRunner(spec: spec, columns: spec.columns, step: entries[spec.name]!.make(spec))
    }

    /// Computes `spec` over `bars`: one row per bar, one value per column. Ichimoku's lagging
    /// span is filled from the close `kijun` bars later, as charts draw it.
    public static func table(for spec: IndicatorSpec, over bars: [IndicatorBar]) -> [[Double?]] {
        var runner = runner(for: spec)
        var rows = bars.map { runner.update($0) }
        if spec.name == "ichimoku", let chikou = spec.columns.firstIndex(of: "chikou") {
            let shift = spec.integer(1)
            for index in rows.indices where index + shift < bars.count { rows[index][chikou] = bars[index + shift].close }
        }
        return rows
    }
}

/// A type-erased running indicator, as the export command and the Lua API hold them.
public struct IndicatorRunner {
    /// Feeds a bar and writes each column's value (nil while warming up) into the buffer.
    public typealias Step = (inout IndicatorBar, inout [Double?]) -> Void

    public let spec: IndicatorSpec
    public let columns: [String]
    private let step: Step

    init(spec: IndicatorSpec, columns: [String], step: @escaping Step) {
        self.spec = spec
        self.columns = columns
        self.step = step
    }

    /// Feeds a bar; returns the value of each column.
    public mutating func update(_ bar: IndicatorBar) -> [Double?] {
        var values = [Double?](repeating: nil, count: columns.count)
        update(bar, into: &values)
        return values
    }

    /// Feeds a bar and writes the value of each column into `values` (as many as there are
    /// columns): the form a per-bar caller uses, without allocating.
    public mutating func update(_ bar: IndicatorBar, into values: inout [Double?]) {
        var bar = bar
        step(&bar, &values)
    }
}
