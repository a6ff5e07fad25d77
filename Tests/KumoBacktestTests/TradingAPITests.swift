import Foundation
import KumoBacktest
import KumoCore
import KumoEngine
import KumoLua
import KumoScripting
import Testing

/// The `ctx` trading API as a script uses it, on hand-made daily bars of one KRX symbol.
struct TradingAPITests {
    static let symbol = Symbol("005930")!

    /// Weekday bars from 2024-01-02, each (open, high, low, close).
    static func bars(_ prices: [(Int64, Int64, Int64, Int64)]) -> [Bar] {
        var date = CivilDate(year: 2024, month: 1, day: 2)!
        return prices.map { price in
            while date.isWeekend { date = date.adding(days: 1) }
            defer { date = date.adding(days: 1) }
            return Bar(
                time: Timestamp(year: date.year, month: date.month, day: date.day, utcOffsetSeconds: 9 * 3600)!, open: Price(units: price.0),
                high: Price(units: price.1), low: Price(units: price.2), close: Price(units: price.3), volume: 100_000)
        }
    }

    /// Runs `body` (the inside of a strategy module `S`) and returns what it logged, in order.
    static func run(_ body: String, bars: [Bar], configuration: EngineConfiguration = EngineConfiguration()) throws -> (log: [String], result: BacktestResult) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("api.lua")
        try "local S = { symbols = { '005930' }, timeframe = '1d' }\nlocal n = 0\n\(body)\nreturn S\n".write(to: file, atomically: true, encoding: .utf8)
        let services = RecordingServices()
        let roots = ScriptRoots(project: BacktraderReferenceTests.project)
        let result = try LuaThread.run {
            try Backtest(configuration: configuration).run(series: [(symbol, bars)]) { kernel in
                let strategy = LuaEngineStrategy(try StrategyLoader(roots: roots).load(file, services: services), kernel: kernel)
                try strategy.start()
                return [strategy]
            }
        }
        return (services.entries.map(\.message), result)
    }

    @Test func ordersOfEveryKindAreTrackedAndReported() throws {
        let (log, result) = try Self.run("""
            function S.on_bar(ctx, bar)
              n = n + 1
              if n == 1 then
                local id = ctx:order{ symbol = bar.symbol, side = 'buy', qty = 10, limit = 69500, tif = 'gtc', client_id = 'dip' }
                ctx:log('info', 'placed ' .. id .. ' again ' .. ctx:order{ symbol = bar.symbol, side = 'buy', qty = 10, limit = 69500, tif = 'gtc', client_id = 'dip' })
                ctx:log('info', 'open ' .. #ctx:orders() .. ' ' .. ctx:orders()[1].type .. ' ' .. ctx:orders()[1].tif)
                local ok, why = ctx:modify('dip', { limit = 69600, qty = 12 })
                ctx:log('info', 'modify ' .. tostring(ok) .. ' ' .. tostring(why))
                local _, refused = ctx:buy(bar.symbol, 1, { limit = 69550 })
                ctx:log('info', 'refused ' .. refused)
                ctx:log('info', 'day ' .. tostring(ctx:buy(bar.symbol, 1, { limit = 60000 })))
              elseif n == 2 then
                local p = ctx:position(bar.symbol)
                ctx:log('info', string.format('held %d at %.0f, %d bars, now %s', p.qty, p.avg_price, #ctx:history(bar.symbol, 5), os.date('!%Y-%m-%d', ctx:now() + 9 * 3600)))
                ctx:protect(bar.symbol, { stop_loss = 0.05 })
                local open = ctx:orders()
                local exit = open[#open]
                ctx:log('info', string.format('exits %d %s %s %.0f', #open, exit.origin, exit.type, exit.stop))
                local ok, why = ctx:cancel(exit.order_id)
                ctx:log('info', 'cancel host ' .. tostring(ok) .. ': ' .. why)
              end
            end
            function S.on_fill(ctx, fill) ctx:log('info', string.format('fill %s %d @ %.0f', fill.order_id, fill.qty, fill.price)) end
            function S.on_order(ctx, order) ctx:log('info', 'order ' .. order.order_id .. ' ' .. order.status .. ': ' .. order.reason) end
            """,
            bars: Self.bars([(70_000, 70_000, 70_000, 70_000), (69_900, 70_100, 69_500, 70_000), (70_000, 70_000, 66_000, 66_500), (66_500, 66_500, 66_500, 66_500)]))
        // Ids: dip took sequence 1, the refused order 2, the DAY order 3, the host's stop 4.
        // The host stop sits at 69,600 × 0.95 = 66,120, down to the 100-won grid: 66,100; the third
        // bar (70,000 → 66,000) goes through it.
        #expect(log == [
            "placed dip again dip",
            "open 1 limit gtc",
            "modify true nil",
            "refused limit price 69550 is not on the tick grid (tick 100)",
            "day api-3",
            "fill dip 12 @ 69600",
            "held 12 at 69600, 2 bars, now 2024-01-03",
            "exits 2 host stop 66100",
            "cancel host false: order host-4 is the host's protective exit; a script cannot cancel it",
            "order api-3 expired: a DAY order ends with the session of 2024-01-03",
            "fill host-4 12 @ 66100",
        ])
        #expect(result.fills.map(\.quantity) == [12, 12])
    }
}

extension TradingAPITests {
    @Test func sizingRulesAndBadOrderFieldsAnswerTheScript() throws {
        let (log, result) = try Self.run("""
            local function try(f, ...) local ok, err = pcall(f, ...) ctx_log(ok and 'ok' or err) end
            function S.on_bar(ctx, bar)
              n = n + 1
              ctx_log = function(text) ctx:log('info', text) end
              if n == 1 then
                ctx_log('fraction ' .. ctx:size(bar.symbol, 'fixed_fraction', { fraction = 0.1 }))
                ctx_log('kelly ' .. ctx:size(bar.symbol, 'kelly', { win_rate = 0.55, payoff = 1.5 }))
                ctx_log('vol ' .. tostring(select(2, ctx:size(bar.symbol, 'volatility_target', { risk = 0.01 }))))
                try(ctx.size, ctx, bar.symbol, 'martingale', {})
                try(ctx.buy, ctx, bar.symbol, 1, { limt = 70000 })
                try(ctx.buy, ctx, bar.symbol, 1, { tif = 'forever' })
                try(ctx.buy, ctx, bar.symbol, 1, { type = 'limit' })
                try(ctx.order, ctx, { symbol = bar.symbol, side = 'short', qty = 1 })
                local id = ctx:buy(bar.symbol, 10, { take_profit = 77000, stop_loss = 66000 })
                ctx_log('bracket ' .. id .. ' exits ' .. #ctx:orders())
              end
            end
            """,
            bars: Self.bars([(70_000, 70_000, 70_000, 70_000), (70_000, 70_500, 69_800, 70_200), (70_200, 77_500, 70_100, 77_000)]))
        // 10% of 10,000,000 at 70,000 = 14.3 → 14; half-Kelly (0.55 − 0.45/1.5) / 2 = 0.125 under the
        // 0.25 cap: 1,250,000 / 70,000 = 17.9 → 17.
        #expect(log[0] == "fraction 14")
        #expect(log[1] == "kelly 17")
        #expect(log[2] == "vol ATR(14) of 005930 is still warming up")
        #expect(log[3].hasSuffix("unknown sizing rule 'martingale' (fixed_qty, fixed_fraction, volatility_target, kelly)"))
        #expect(log[4].contains("buy: unknown order field 'limt' (known: client_id, limit, oco,"))
        #expect(log[5].hasSuffix("buy: tif must be day, ioc, fok or gtc, not \"forever\""))
        #expect(log[6].hasSuffix("buy: type 'limit' does not match the fields given (they make a market order)"))
        #expect(log[7].hasSuffix("order: side must be 'buy' or 'sell'"))
        #expect(log[8] == "bracket api-1 exits 3")
        // Entry at 70,000 on day 2; on day 3 the take-profit at 77,000 fills and the stop is cancelled.
        #expect(result.fills.map(\.price) == [Price(units: 70_000), Price(units: 77_000)])
        #expect(result.orderCounts["cancelled"] == 1)
    }
}

extension TradingAPITests {
    @Test func timersSetInInitCallOnTimerOnTheSimulatedClock() throws {
        let (log, _) = try Self.run("""
            function S.init(ctx) ctx:set_timer('noon', 12 * 3600, true) end
            function S.on_bar(ctx, bar) ctx:log('info', 'bar ' .. bar.date) end
            function S.on_timer(ctx, timer)
              ctx:log('info', timer.name .. ' ' .. os.date('!%m-%d %H:%M', timer.time + 9 * 3600))
              if os.date('!%d', ctx:now() + 9 * 3600) == '03' then ctx:cancel_timer('noon') end
            end
            """,
            bars: Self.bars([(70_000, 70_000, 70_000, 70_000), (70_000, 70_000, 70_000, 70_000), (70_000, 70_000, 70_000, 70_000)]))
        // Bars on 01-02, 01-03, 01-04 (midnight KST); the timer fires every 12 hours from the first
        // bar's time, the one due with a bar after it, until cancelled on 01-03.
        #expect(log == ["bar 2024-01-02", "noon 01-02 12:00", "bar 2024-01-03", "noon 01-03 00:00", "bar 2024-01-04"])
    }

    @Test func theBarTableIsTheSymbolsOwnRefilledEachBarEvenAfterTheScriptChangesIt() throws {
        let (log, _) = try Self.run("""
            local kept
            function S.on_bar(ctx, bar)
              n = n + 1
              if n == 1 then
                kept = bar
                bar.close = nil      -- a script may clear a field ...
                bar.note = 'mine'    -- ... or add its own
              else
                ctx:log('info', string.format('%s same %s close %.0f open %.0f volume %d date %s note %s', n, tostring(kept == bar),
                  bar.close, bar.open, bar.volume, bar.date, tostring(bar.note)))
              end
            end
            """, bars: Self.bars([(70000, 70500, 69500, 70100), (70200, 71000, 70000, 70900), (71000, 71500, 70500, 71200)]))
        #expect(log == [
            "2 same true close 70900 open 70200 volume 100000 date 2024-01-03 note mine",
            "3 same true close 71200 open 71000 volume 100000 date 2024-01-04 note mine",
        ])
    }
}
