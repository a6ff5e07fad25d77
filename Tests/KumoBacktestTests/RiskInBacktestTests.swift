import Foundation
import KumoBacktest
import KumoCore
import KumoData
import KumoEngine
import KumoLua
import KumoRisk
import KumoScripting
import Testing

/// The host's risk limits refuse a script's orders and tell it why, synchronously and through `on_reject`.
struct RiskInBacktestTests {
    @Test func anOrderOverTheLimitIsRefusedAndTheScriptIsTold() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-risk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("greedy.lua")
        try """
            local S = { symbols = { 'SYN0001' }, timeframe = '1d' }
            local asked = false
            function S.on_bar(ctx, bar)
              if not asked then
                asked = true
                local id, why = ctx:buy(bar.symbol, 1000000)
                ctx:log('info', 'buy: ' .. tostring(id) .. ' / ' .. tostring(why))
              end
            end
            function S.on_reject(ctx, rejection)
              ctx:log('warning', 'rejected ' .. rejection.order_id .. ': ' .. rejection.message)
            end
            return S
            """.write(to: file, atomically: true, encoding: .utf8)
        let services = RecordingServices()
        let configuration = EngineConfiguration(risk: RiskLimits(maxOrderValue: 5_000_000))
        let series = SyntheticMarket(seed: 4, symbols: 1, days: 5).dailyBars()
        let roots = ScriptRoots(project: BacktraderReferenceTests.project)
        let result = try LuaThread.run {
            try Backtest(configuration: configuration).run(series: series) { kernel in
                [LuaEngineStrategy(try StrategyLoader(roots: roots).load(file, services: services), kernel: kernel)]
            }
        }
        let messages = services.entries.map(\.message)
        #expect(result.fills.isEmpty)
        #expect(result.rejections.count == 1)
        #expect(messages.first?.hasPrefix("buy: nil / max_order_value: the order is worth") == true)
        #expect(messages.contains { $0.hasPrefix("rejected greedy-1: max_order_value:") })
    }
}
