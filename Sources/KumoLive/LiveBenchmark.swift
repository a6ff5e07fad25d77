import Dispatch
public import Foundation
import Histogram
import KumoCore
import KumoEngine
import KumoLua
import KumoRisk
public import KumoScripting

/// `kumo bench live`: in-process latency of a trade print through the engine — the kernel, the
/// Lua `on_tick`, `ctx:order`, the risk gate, the order accepted — and the pause a hot reload
/// makes between two events, as HdrHistogram percentiles.
public struct LiveBenchmark: Sendable {
    public var roots: ScriptRoots
    public var ticks: Int
    public var reloads: Int

    public init(roots: ScriptRoots, ticks: Int = 200_000, reloads: Int = 300) {
        self.roots = roots
        self.ticks = ticks
        self.reloads = reloads
    }

    static let strategy = """
        local S = { name = 'ticker', symbols = { '005930' } }
        local count = 0
        function S.on_tick(ctx, tick)
          count = count + 1
          -- A resting IOC bid well under the print: accepted, never filled, gone at the next print.
          ctx:order{ symbol = tick.symbol, side = 'buy', qty = 1, limit = math.floor(tick.price * 0.8 / 100) * 100, tif = 'ioc' }
        end
        function S.snapshot() return { count = count } end
        function S.restore(state) count = state.count end
        return S
        """

    public func run() throws -> [String: Double] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-bench-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }  // a leftover temporary folder is harmless
        let file = folder.appendingPathComponent("ticker.lua")
        try Self.strategy.write(to: file, atomically: true, encoding: .utf8)
        let loader = StrategyLoader(roots: roots)
        let services = RecordingServices()
        let loaded = try loader.load(file, services: services)
        let kernel = Kernel(configuration: EngineConfiguration(risk: .init(maxOrderValue: 1e9, maxOrdersPerSecond: 1_000_000)))
        let strategy = LuaEngineStrategy(loaded, kernel: kernel)
        let symbol = Symbol("005930")!
        var latency = Histogram<UInt64>(highestTrackableValue: 10_000_000_000, numberOfSignificantValueDigits: .three)
        var random = SplitMix64(seed: 7)
        let base = Timestamp(year: 2026, month: 11, day: 25, hour: 9, minute: 0, utcOffsetSeconds: 9 * 3600)!.nanoseconds
        let orders = kernel.orders.count
        for index in 0..<(ticks + 10_000) {
            let price = Price(units: 70_000 + Int64(random.next() % 20) * 100)
            let tick = Tick(time: Timestamp(nanoseconds: base + Int64(index) * 1_000_000), price: price, quantity: 10)
            let start = DispatchTime.now().uptimeNanoseconds
            kernel.handle(symbol: symbol, tick: tick, strategies: [strategy])
            let elapsed = DispatchTime.now().uptimeNanoseconds - start
            if index >= 10_000 { _ = latency.record(elapsed) }
        }
        precondition(kernel.strategyFailures.isEmpty, "the tick strategy failed: \(kernel.strategyFailures.first!.message)")
        precondition(kernel.orders.count - orders == ticks + 10_000, "every print should have placed one order")

        // Reload pauses: compile off the clock, then time the swap between two events.
        let reloader = StrategyReloader(loader: loader)
        let slot = StrategySlot(strategy: loaded, services: services)
        reloader.register(slot)
        var pauses = Histogram<UInt64>(highestTrackableValue: 10_000_000_000, numberOfSignificantValueDigits: .three)
        for version in 0..<reloads {
            try (Self.strategy + "\n-- version \(version)\n").write(to: file, atomically: true, encoding: .utf8)
            reloader.prepare(changed: [file])
            let start = DispatchTime.now().uptimeNanoseconds
            let records = reloader.applyPending()
            let elapsed = DispatchTime.now().uptimeNanoseconds - start
            precondition(records.count == 1, "one reload per version")
            if case .failed(let why) = records[0].outcome { preconditionFailure("reload failed: \(why)") }
            _ = pauses.record(elapsed)
        }
        func micros(_ histogram: Histogram<UInt64>, _ percentile: Double) -> Double { Double(histogram.valueAtPercentile(percentile)) / 1000 }
        return [
            "ticks": Double(ticks), "tick_to_order_p50_us": micros(latency, 50), "tick_to_order_p99_us": micros(latency, 99),
            "tick_to_order_p999_us": micros(latency, 99.9), "reloads": Double(reloads), "reload_pause_p50_us": micros(pauses, 50),
            "reload_pause_p99_us": micros(pauses, 99),
        ]
    }
}
