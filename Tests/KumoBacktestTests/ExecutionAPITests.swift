import Foundation
import KumoBacktest
import KumoCore
import KumoData
import KumoEngine
import KumoExecution
import KumoLua
import KumoScripting
import Testing

/// `ctx:execute` in a backtest on the synthetic market's minute bars: the engine works the parent
/// in children through the kernel, and the parent reports its fills and slippage.
struct ExecutionAPITests {
    static let series = SyntheticMarket(seed: 11, symbols: 1, days: 4).minuteBars()

    /// Runs a strategy that starts one parent (`opts`, Lua) at the third day's open; the parent as the desk saw it, and the run.
    static func run(_ opts: String, code: String = "SYN0001") throws -> (parent: ExecutionDesk.Working?, result: BacktestResult, log: [String]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-execute-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("execute.lua")
        try """
            local S = { symbols = { '\(code)' }, timeframe = '1m' }
            local days, last, id = 0, nil, nil
            function S.on_bar(ctx, bar)
              local day = os.date('!%Y-%m-%d', bar.time + 9 * 3600)
              if day ~= last then days = days + 1; last = day end
              if days == 3 and id == nil then
                local why
                id, why = ctx:execute(\(opts))
                ctx:log('info', 'parent ' .. tostring(id) .. ' ' .. tostring(why))
              end
              if id and days == 3 and os.date('!%H:%M', bar.time + 9 * 3600) == '15:30' then
                local p = ctx:parent(id)
                ctx:log('info', string.format('%s %d/%d %s children %d slip %.2f', p.state, p.filled, p.qty, p.algo, p.children, p.slippage_bp))
              end
            end
            return S
            """.write(to: file, atomically: true, encoding: .utf8)
        let services = RecordingServices()
        let roots = ScriptRoots(project: BacktraderReferenceTests.project)
        nonisolated(unsafe) var adapter: LuaEngineStrategy?
        let configuration = EngineConfiguration(cash: Price(units: 1_000_000_000_000))
        let result = try LuaThread.run {
            try Backtest(configuration: configuration).run(series: [(Symbol(code)!, series[0].bars)]) { kernel in
                let strategy = LuaEngineStrategy(try StrategyLoader(roots: roots).load(file, services: services), kernel: kernel)
                try strategy.start()
                adapter = strategy
                return [strategy]
            }
        }
        return (adapter?.strategy.desk.parents.first, result, services.entries.map(\.message))
    }

    static var thirdDayVolume: Int64 {
        let days = VolumeProfile.days(series[0].bars)
        return days[2].reduce(0) { $0 + $1.volume }
    }

    @Test func aVWAPParentFillsInChildrenCloseToTheIntervalVWAP() throws {
        let quantity = Self.thirdDayVolume / 50
        let (found, result, log) = try Self.run("{ symbol = 'SYN0001', side = 'buy', qty = \(quantity), algo = 'vwap', finish = '15:19' }")
        let parent = try #require(found, "\(log)")
        #expect(parent.state == "done" && parent.filled == quantity, "\(parent.state) \(parent.filled)/\(quantity): \(log)")
        #expect(parent.children.count > 300, "one child a minute or so: \(parent.children.count)")
        let children = Set(parent.children)
        #expect(result.fills.allSatisfy { children.contains($0.order) }, "every fill of the run is one of the parent's children")
        #expect(result.fills.reduce(0) { $0 + $1.quantity } == quantity)
        #expect(abs(parent.slippageVersusVWAPbp) < 10, "\(parent.slippageVersusVWAPbp) bp against the interval VWAP")
        #expect(log.contains { $0.hasPrefix("done \(quantity)/\(quantity) vwap") }, "ctx:parent reports it: \(log)")
    }

    @Test func aLimitOffTheTickGridIsMovedOntoItAndTheChildrenFill() throws {
        let quantity = Self.thirdDayVolume / 200
        // 10% over the open plus 0.3 won: off the grid, inside the day's band, for a KRX stock (its prices keep to the tick grid).
        let (found, result, log) = try Self.run("{ symbol = '005930', side = 'buy', qty = \(quantity), algo = 'twap', limit = bar.open * 1.1 + 0.3, finish = '15:19' }", code: "005930")
        let parent = try #require(found, "\(log)")
        #expect(parent.filled == quantity && result.rejections.isEmpty, "\(result.rejections.prefix(3).map { $0.rejection ?? "" })")
        let limit = try #require(parent.parent.limit)
        let tick = KRXTickSize.tick(for: Price(micros: Int64(limit * 1e6)), on: CivilDate(year: 2024, month: 1, day: 4)!).doubleValue
        #expect(limit.truncatingRemainder(dividingBy: tick) == 0, "\(limit) is on the \(tick) grid")
    }

    @Test func urgencyFrontLoadsAnImplementationShortfallParent() throws {
        let quantity = Self.thirdDayVolume / 100
        var morning: [Double] = []
        for urgency in [0, 5] {
            let (found, result, log) = try Self.run("{ symbol = 'SYN0001', side = 'buy', qty = \(quantity), algo = 'is', urgency = \(urgency), start = '09:30', finish = '14:30' }")
            let parent = try #require(found, "\(log)")
            #expect(parent.filled == quantity && parent.state == "done")
            let noon = try #require(Timestamp(year: 2024, month: 1, day: 4, hour: 12, minute: 0, utcOffsetSeconds: 9 * 3600))
            let beforeNoon = result.fills.filter { $0.time < noon }.reduce(Int64(0)) { $0 + $1.quantity }
            morning.append(Double(beforeNoon) / Double(quantity))
        }
        #expect(morning[1] > morning[0] + 0.2, "urgency 5 sells more before noon: \(morning)")
    }

    @Test func aParentIntoTheClosingAuctionIsAScriptErrorNamingIt() throws {
        let (parent, result, _) = try Self.run("{ symbol = 'SYN0001', side = 'buy', qty = 1000, algo = 'twap', finish = '15:25' }")
        #expect(parent == nil && result.fills.isEmpty)
        #expect(result.strategyFailures.first?.contains("finish falls in the closing call auction") == true, "\(result.strategyFailures)")
    }
}
