import Dispatch
public import Foundation
import KumoCore
import KumoData
import KumoEngine
import KumoLua

/// `kumo bench engine`: the full kernel over daily bars with an SMA(10/30) cross strategy in Lua,
/// and the same strategy written in Swift, so the cost of the Lua layer shows as a ratio.
public struct EngineBenchmark: Sendable {
    public var roots: ScriptRoots
    public var bars: Int

    /// Bars each of the sweep's eight parameter sets replays (the first of the run's bars).
    public var sweepBars: Int
    /// Threads of the parallel sweep: the machine's cores.
    public var cores: Int

    public init(roots: ScriptRoots, bars: Int = 10_000_000, sweepBars: Int = 1_000_000, cores: Int = ProcessInfo.processInfo.activeProcessorCount) {
        precondition(bars >= 100, "Benchmark at least 100 bars, not \(bars)")
        self.roots = roots
        self.bars = bars
        self.sweepBars = sweepBars
        self.cores = max(1, cores)
    }

    /// The SMA cross in Lua, its periods parameters (10 and 30 unless the sweep sets them).
    static let luaStrategy = """
        local S = { params = { fast = 10, slow = 30 }, timeframe = '1d' }
        local was_above = {}
        function S.on_bar(ctx, bar)
          local fast, slow = ctx:sma(bar.symbol, S.params.fast), ctx:sma(bar.symbol, S.params.slow)
          if not (fast and slow) then return end
          local above = fast > slow
          local was = was_above[bar.symbol]
          if was ~= nil and above ~= was then
            if above then ctx:target_percent(bar.symbol, 0.009) else ctx:close(bar.symbol) end
          end
          was_above[bar.symbol] = above
        end
        return S
        """

    /// The Swift twin of ``luaStrategy``: the same indicators, the same orders.
    final class SwiftCross: EngineStrategy {
        let name = "swift"
        var fast = SymbolMap<SMACounter>()
        var slow = SymbolMap<SMACounter>()
        var wasAbove = SymbolMap<Bool>()

        func onBar(symbol: Symbol, bar: Bar, kernel: Kernel) throws {
            let close = bar.close.doubleValue
            let fastValue = fast[symbol, default: SMACounter(period: 10)].update(close)
            let slowValue = slow[symbol, default: SMACounter(period: 30)].update(close)
            guard let fastValue, let slowValue else { return }
            let above = fastValue > slowValue
            if let was = wasAbove[symbol], was != above {
                let held = kernel.portfolio.position(symbol).quantity
                if above {
                    let target = Int64((0.009 * kernel.equity / close).rounded(.down))
                    if target > held { kernel.submit(strategy: name, symbol: symbol, side: .buy, quantity: target - held) }
                } else if held > 0 {
                    kernel.submit(strategy: name, symbol: symbol, side: .sell, quantity: held)
                }
            }
            wasAbove[symbol] = above
        }

        func onFill(_ fill: Fill, kernel: Kernel) throws {}
        func onReject(_ order: Order, kernel: Kernel) throws {}
    }

    /// A running SMA (the Swift strategy's own, as a Swift author would write it).
    struct SMACounter {
        let period: Int
        var window: [Double] = []
        var sum = 0.0
        var head = 0

        init(period: Int) { self.period = period }

        mutating func update(_ value: Double) -> Double? {
            if window.count < period {
                window.append(value)
                sum += value
            } else {
                sum += value - window[head]
                window[head] = value
                head = (head + 1) % period
            }
            return window.count == period ? sum / Double(period) : nil
        }
    }

    public func run() throws -> [String: Double] {
        // 100 symbols of up to 100,000 days each: nanosecond timestamps reach back only to 1677.
        let symbols = max(1, min(100, bars / 1000))
        let days = bars / symbols
        precondition(days <= 120_000, "at most 12M bars fit the timestamp range in 100 symbols")
        let series = SyntheticMarket(seed: 1, symbols: symbols, days: days, start: CivilDate(year: 1700, month: 1, day: 4)!).dailyBars()
        let merged = Array(ReplayMerger(series))
        return try Self.withStrategyFile { file in try run(merged, file: file) }
    }

    private func run(_ merged: [SymbolBar], file: URL) throws -> [String: Double] {
        let luaSeconds = try Self.seconds { try Self.replayLua(merged, file: file, roots: roots) }
        let swiftSeconds = try Self.seconds {
            let kernel = Kernel(configuration: EngineConfiguration())
            let strategies: [any EngineStrategy] = [SwiftCross()]
            for item in merged { kernel.handle(symbol: item.symbol, bar: item.bar, strategies: strategies) }
        }
        let count = Double(merged.count)
        var figures = ["bars": count, "lua_bars_per_s": count / luaSeconds, "swift_bars_per_s": count / swiftSeconds,
                       "lua_to_swift_ratio": swiftSeconds > 0 ? luaSeconds / swiftSeconds : 0]
        // The sweep: eight parameter sets on one core, then on all, the same bars and the same results.
        let sweepEvents = Array(merged.prefix(sweepBars))
        let serial = try Self.sweep(events: sweepEvents, file: file, roots: roots, workers: 1)
        let parallel = try Self.sweep(events: sweepEvents, file: file, roots: roots, workers: cores)
        precondition(serial.equities == parallel.equities, "the parallel sweep's results differ from the serial one's")
        let work = Double(sweepEvents.count * Self.sweepParameters.count)
        figures["sweep_bars_per_set"] = Double(sweepEvents.count)
        figures["sweep_1_core_bars_per_s"] = work / serial.seconds
        figures["sweep_all_cores_bars_per_s"] = work / parallel.seconds
        figures["sweep_cores"] = Double(cores)
        figures["sweep_speedup"] = serial.seconds / parallel.seconds
        return figures
    }

    /// Replays `events` through a fresh kernel with the Lua strategy in `file`, its `parameters`
    /// set; returns the final equity.
    @discardableResult
    static func replayLua(
        _ events: some Sequence<SymbolBar>, file: URL, roots: ScriptRoots, parameters: [(String, Int)] = [],
        configuration: EngineConfiguration = EngineConfiguration()
    ) throws -> Double {
        let kernel = Kernel(configuration: configuration)
        let loaded = try StrategyLoader(roots: roots).load(file, services: RecordingServices())
        for (name, value) in parameters { try loaded.setParameter(name, String(value)) }
        let strategies: [any EngineStrategy] = [LuaEngineStrategy(loaded, kernel: kernel)]  // once, as the event loop does
        for item in events { kernel.handle(symbol: item.symbol, bar: item.bar, strategies: strategies) }
        if let failure = kernel.strategyFailures.first { throw LuaScriptError(kind: .runtime, message: "the Lua strategy failed: \(failure.message)") }
        return kernel.equity
    }

    static func seconds(_ body: () throws -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return max(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9, 1e-9)
    }
}
