import Foundation
import KumoBacktest
import KumoCore
import KumoData
import KumoEngine
import KumoLua
import KumoModels
import KumoRL
import KumoScripting
import Testing

/// The trading environment against the backtester itself: the same target weights, given by a
/// Lua strategy through `ctx:target_percent` in `kumo backtest`'s engine and as actions to the
/// environment, give the same fills and the same equity at every bar, to the won.
struct TradingEnvironmentTests {
    static let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = project.deletingLastPathComponent().appendingPathComponent("shared")
    static let features = try! ["return:1", "return:5", "rsi:14", "range"].map { try FeatureSpec(parsing: $0) }

    static func bars(_ file: String, from: String, to: String) throws -> [Bar] {
        let all = try BarCSVReader(timeParser: BarTimeParser(utcOffsetSeconds: 9 * 3600)).read(shared.appendingPathComponent("data/\(file)"))
        return all.filter { let d = $0.time.isoDate(utcOffsetSeconds: 9 * 3600); return d >= from && d <= to }
    }

    static func series(_ bars: [Bar], symbol: String, window: Int) throws -> TradingSeries {
        let normalizer = Normalizer(kind: .zscore, fitting: TradingSeries.trainingRows(bars, features: features))
        return try TradingSeries(symbol: Symbol(symbol)!, market: .kospi, bars: bars, features: features, normalizer: normalizer, window: window)
    }

    /// Runs `weights` (one per bar from the series' first episode bar) through a Lua strategy in the backtester.
    static func backtest(_ bars: [Bar], symbol: String, first: Int, weights: [Double]) throws -> BacktestResult {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-rl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("replay.lua")
        try """
            local S = { symbols = { '\(symbol)' }, timeframe = '1d' }
            local weights = { \(weights.map { String($0) }.joined(separator: ", ")) }
            local n = -1
            function S.on_bar(ctx, bar)
              n = n + 1
              local k = n - \(first) + 1
              if k >= 1 and k <= #weights then ctx:target_percent(bar.symbol, weights[k]) end
            end
            return S
            """.write(to: file, atomically: true, encoding: .utf8)
        let roots = ScriptRoots(project: project)
        return try LuaThread.run {
            try Backtest(configuration: EngineConfiguration()).run(series: [(Symbol(symbol)!, bars)]) { kernel in
                let strategy = LuaEngineStrategy(try StrategyLoader(roots: roots).load(file, services: RecordingServices()), kernel: kernel)
                try strategy.start()
                return [strategy]
            }
        }
    }

    @Test func randomTargetsGiveTheBacktestersFillsAndEquityOnSamsungsDailyBars() throws {
        // October 2018 to the data's end in December 2023: four tax rates (0.30%, 0.25%, 0.23%, 0.20%), year-end settlement, gaps that refuse full-weight buys.
        let bars = try Self.bars("krx-005930-daily.csv", from: "2018-10-01", to: "2023-12-31")
        let series = try Self.series(bars, symbol: "005930", window: 5)
        var settings = TradingSettings()
        settings.window = 5
        settings.actions = .levels([0, 0.3, 0.6, 1.0])
        let environment = try TradingEnvironment(series: [series], count: 1, settings: settings, sequential: true)
        var random = RandomSource(seed: 42)
        let steps = series.last - series.first
        var levels: [Int] = []
        var level = 0
        for _ in 0..<steps {
            if random.uniform() < 0.15 { level = random.index(below: 4) }  // hold a while, then move
            levels.append(level)
        }
        var curve: [Double] = []
        for choice in levels {
            environment.step(.discrete([choice]))
            curve.append(environment.ended(0) ? environment.finalEquity[0] : environment.equity[0])
        }
        #expect(environment.ended(0), "the evaluation runs to the series' last bar")
        let result = try Self.backtest(bars, symbol: "005930", first: series.first, weights: levels.map { [0, 0.3, 0.6, 1.0][$0] })
        #expect(result.strategyFailures.isEmpty)
        #expect(environment.fills == result.fills.count, "fills: environment \(environment.fills), backtester \(result.fills.count)")
        #expect(environment.fills > 100)
        #expect(result.rejections.count > 0, "some full-weight buys gap past the cash and are refused")
        var worst = 0.0
        for (k, equity) in curve.enumerated() { worst = max(worst, abs(equity - result.equityCurve[series.first + 1 + k].equity)) }
        #expect(worst < 1e-6, "equity differs by up to \(worst) won")
        #expect(abs(environment.tradedValue - result.fills.reduce(0) { $0 + $1.price.doubleValue * Double($1.quantity) }) < 1e-3)
    }

    @Test func barsLockedAtTheDailyLimitRefuseFillsAsInTheBacktester() throws {
        // Thirty quiet days, then a day locked at the upper limit (a buy ordered the evening before
        // cannot fill), quiet days, a day locked at the lower limit (a sell cannot fill), quiet days.
        var date = CivilDate(year: 2024, month: 3, day: 4)!
        var bars: [Bar] = []
        var close = Price(units: 50_000)
        func add(_ open: Price, _ high: Price, _ low: Price, _ last: Price) {
            while date.isWeekend { date = date.adding(days: 1) }
            bars.append(Bar(time: Timestamp(year: date.year, month: date.month, day: date.day, utcOffsetSeconds: 9 * 3600)!, open: open, high: high, low: low, close: last, volume: 500_000))
            date = date.adding(days: 1)
            close = last
        }
        func quiet(_ days: Int) {
            for k in 0..<days {
                let step = Price(units: k % 2 == 0 ? 100 : -50)
                let next = Price(micros: close.micros + step.micros)
                add(close, Price(micros: max(close.micros, next.micros) + 100_000_000), Price(micros: min(close.micros, next.micros) - 100_000_000), next)
            }
        }
        quiet(30)
        let lockedUp = bars.count
        let up = KRXPriceLimits.limits(base: close, market: .kospi, on: date).upper
        add(up, up, up, up)
        quiet(10)
        let lockedDown = bars.count
        let down = KRXPriceLimits.limits(base: close, market: .kospi, on: date).lower
        add(down, down, down, down)
        quiet(10)

        let series = try Self.series(bars, symbol: "005930", window: 5)
        var settings = TradingSettings()
        settings.window = 5
        settings.actions = .levels([0, 0.9])
        let environment = try TradingEnvironment(series: [series], count: 1, settings: settings, sequential: true)
        // Flat until the evening before the locked-up day, then in; out the evening before the locked-down day.
        var levels: [Int] = []
        var t = series.first
        var curve: [Double] = []
        repeat {
            let level = t >= lockedUp - 1 && t < lockedDown - 1 ? 1 : 0
            levels.append(level)
            environment.step(.discrete([level]))
            curve.append(environment.ended(0) ? environment.finalEquity[0] : environment.equity[0])
            t += 1
        } while !environment.ended(0)
        let result = try Self.backtest(bars, symbol: "005930", first: series.first, weights: levels.map { [0, 0.9][$0] })
        // The buy waits out the locked day and fills the day after; the sell likewise.
        #expect(result.fills.count == 2 && environment.fills == 2, "fills: backtester \(result.fills.count), environment \(environment.fills)")
        #expect(result.fills.map { $0.time } == [bars[lockedUp + 1].time, bars[lockedDown + 1].time])
        var worst = 0.0
        for (k, equity) in curve.enumerated() { worst = max(worst, abs(equity - result.equityCurve[series.first + 1 + k].equity)) }
        #expect(worst < 1e-6, "equity differs by up to \(worst) won")
    }
}
