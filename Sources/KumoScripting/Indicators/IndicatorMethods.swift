import KumoCore
import KumoIndicators
public import KumoLua

/// The `ctx` methods that read indicators: as cheap as a table read once registered, nil while
/// an indicator warms up.
public enum IndicatorMethods {
    /// A one-number method; `method` is its place in ``singles``, its number in ``InternedSlotKey``.
    static func single(_ method: Int, _ name: String, _ summary: String) -> LuaFunction<StrategyContext> {
        .method(
            name,
            LuaDocumentation(
                summary + " Returns nil while it warms up.",
                parameters: [.init("symbol", "string"), .init("period", "integer?")], returns: [.init("number?")])
        ) { context, frame in
            let period = frame.isNil(2) ? -1 : try frame.integer(2)  // -1: the default period
            let interned = frame.shortStringIdentity(1).map { InternedSlotKey(method: method, period: period, symbol: $0) }
            if let interned, let slot = context.internedSlots[interned] { return frame.returning(optionalNumber: slot.values.first ?? nil) }
            let symbol = try frame.string(1)
            let key = IndicatorSlotKey(method: name, period: period, symbol: symbol)
            let slot: IndicatorBook.RunnerSlot
            if let cached = context.slotCache[key] {
                slot = cached
            } else {
                let spec = try IndicatorMethods.spec(name, period == -1 ? [] : [Double(period)], in: frame.functionName)
                slot = context.indicators.slot(of: spec, symbol: symbol)
                context.slotCache[key] = slot
            }
            if let interned, frame.keepString(1) { context.internedSlots.insert(slot, for: interned) }
            return frame.returning(optionalNumber: slot.values.first ?? nil)
        }
    }

    /// The one-number methods: name and summary.
    static let singles: [(name: String, summary: String)] = [
        ("sma", "Returns the simple moving average of the closes over `period` bars (default 20)."),
        ("ema", "Returns the exponential moving average of the closes (default 20 bars, SMA seed)."),
        ("wma", "Returns the linearly weighted moving average of the closes (default 20)."),
        ("rsi", "Returns Wilder's RSI of the closes (default 14)."),
        ("atr", "Returns Wilder's average true range (default 14)."),
        ("cci", "Returns the commodity channel index (default 14)."),
        ("mfi", "Returns the money flow index (default 14)."),
        ("roc", "Returns the rate of change in percent (default 10)."),
        ("willr", "Returns Williams %R (default 14)."),
        ("highest", "Returns the highest high over `period` bars (default 20)."),
        ("lowest", "Returns the lowest low over `period` bars (default 20)."),
    ]

    static func spec(_ name: String, _ parameters: [Double], in function: String) throws(LuaCallError) -> IndicatorSpec {
        do {
            return try IndicatorSpec(name: name, parameters: parameters)
        } catch {
            throw LuaCallError("\(function): \(error.description)")
        }
    }

    static func number(_ value: Double?) -> LuaValue { value.map(LuaValue.number) ?? .nil }

    /// Every indicator method of `ctx`.
    public static let all: [LuaFunction<StrategyContext>] = singles.enumerated().map { single($0.offset, $0.element.name, $0.element.summary) } + [
        .method(
            "indicator",
            LuaDocumentation(
                "Returns any catalog indicator by spec, such as 'macd:12,26,9' or 'bbands:20,2', as a table of its columns (nil fields while warming up); or a plugin's indicator by name with its parameters, as { [name] = value }.",
                parameters: [.init("symbol", "string"), .init("spec", "string"), .init("params", "table?", "a plugin indicator's parameters")],
                returns: [.init("table<string, number>")])
        ) { context, frame in
            let symbol = try frame.string(1)
            let text = try frame.string(2)
            if context.indicators.hasPluginIndicator(text) {
                let parameters = frame.isNil(3) ? LuaTable() : try frame.table(3)
                let value: Double?
                do throws(LuaScriptError) {
                    value = try context.indicators.pluginValue(text, parameters: parameters, symbol: symbol)
                } catch {
                    throw LuaCallError("\(frame.functionName): plugin indicator '\(text)' failed: \(error.message)")
                }
                return try frame.returning(.table(LuaTable(fields: [.init(key: .string(text), value: number(value))])))
            }
            let spec: IndicatorSpec
            do throws(IndicatorSpec.ParseError) { spec = try IndicatorSpec(parsing: text) } catch { throw LuaCallError("\(frame.functionName): \(error.description)") }
            let values = context.indicators.values(of: spec, symbol: symbol)
            let fields = zip(spec.columns, values).map { LuaTable.Field(key: .string($0), value: number($1)) }
            return try frame.returning(.table(LuaTable(fields: fields)))
        },
        .method(
            "ichimoku",
            LuaDocumentation(
                "Returns the Ichimoku lines and states drawn on the current bar: tenkan, kijun, senkou_a, senkou_b (the cloud here), senkou_a_lead, senkou_b_lead, price_vs_cloud, cloud_bullish, cloud_thickness, tk_cross, chikou_vs_price; nil before any value.",
                parameters: [.init("symbol", "string"), .init("tenkan", "integer?"), .init("kijun", "integer?"), .init("senkou", "integer?")],
                returns: [.init("kumo.Ichimoku?")])
        ) { context, frame in
            let symbol = try frame.string(1)
            let periods = try (2...4).map { frame.isNil($0) ? nil : Int(try frame.integer($0)) }
            guard let value = context.indicators.ichimoku(
                symbol: symbol, tenkan: periods[0] ?? 9, kijun: periods[1] ?? 26, senkou: periods[2] ?? 52)
            else { return try frame.returning(.nil) }
            let lines = value.lines
            var table = LuaTable([
                "tenkan": number(lines.tenkan), "kijun": number(lines.kijun), "senkou_a": number(lines.senkouA),
                "senkou_b": number(lines.senkouB), "senkou_a_lead": number(lines.senkouALead),
                "senkou_b_lead": number(lines.senkouBLead), "cloud_thickness": number(value.cloudThickness),
            ])
            table["price_vs_cloud"] = value.priceVsCloud.map { .string($0.rawValue) }
            table["cloud_bullish"] = value.isCloudBullish.map(LuaValue.boolean)
            table["tk_cross"] = value.tkCross.map { .string($0.rawValue) }
            table["chikou_vs_price"] = value.chikouVsPrice.map { .string($0.rawValue) }
            return try frame.returning(.table(table))
        },
        .method(
            "targets",
            LuaDocumentation(
                "Returns the Ichimoku price targets from the last three confirmed swings (a, b, c, e, n, v, nt, direction) and `reached`, the bar index where each was first hit; nil before three swings.",
                parameters: [.init("symbol", "string")], returns: [.init("kumo.Targets?")])
        ) { context, frame in
            guard let tracker = context.indicators.targets(symbol: try frame.string(1)) else { return try frame.returning(.nil) }
            let t = tracker.targets
            var table = LuaTable([
                "a": .number(t.a), "b": .number(t.b), "c": .number(t.c), "e": .number(t.e), "n": .number(t.n),
                "v": .number(t.v), "nt": .number(t.nt), "direction": .string(t.isUp ? "up" : "down"),
            ])
            table["reached"] = .table(LuaTable(fields: tracker.reached.map { .init(key: .string($0.key), value: .integer(Int64($0.value))) }))
            return try frame.returning(.table(table))
        },
        .method(
            "turning_dates",
            LuaDocumentation(
                "Returns projected turning bars from Ichimoku time theory: { bars_ahead, bar, rule, date } for basic numbers counted from the last three swings and for equal spans of the last legs, nearest first; `date` (YYYY-MM-DD, a future trading day) when the engine feeds daily bars with their dates.",
                parameters: [.init("symbol", "string")], returns: [.init("kumo.TurningDate[]")])
        ) { context, frame in
            let symbol = try frame.string(1)
            let (swings, lastBar) = context.indicators.swings(symbol: symbol)
            let projections = TimeTheory.basicNumberProjections(from: Array(swings.suffix(3)), after: lastBar)
                + TimeTheory.equalSpanProjections(from: swings).filter { $0.bar > lastBar }
            let items = projections.sorted { $0.bar < $1.bar }.map { projection -> LuaValue in
                let rule: String
                switch projection.rule {
                case .basicNumber(let n, let from): rule = "basic number \(n) from the swing at bar \(from)"
                case .equalSpan(let span, let legs): rule = "equal span \(span) (legs \(legs.map { String($0 + 1) }.joined(separator: ", ")))"
                }
                var item = LuaTable(["bars_ahead": .integer(Int64(projection.bar - lastBar)), "bar": .integer(Int64(projection.bar)), "rule": .string(rule)])
                item["date"] = context.indicators.tradingDay(symbol: symbol, barsAhead: projection.bar - lastBar).map { .string($0.description) }
                return .table(item)
            }
            return try frame.returning(.table(LuaTable(array: items)))
        },
    ]
}
