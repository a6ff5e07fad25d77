import Foundation
import KumoCore
import KumoData
import KumoEngine
import KumoLive
import KumoLua
import KumoScripting
import Testing

/// A live run reads what collectors add to its store while it runs: a story or filing published
/// before it arrived is heard once, just after it arrives; one published later is heard at its
/// time; a hot reload hears nothing again; a new economic value reaches `ctx:econ`.
struct LiveAltDataTests {
    @Test func storiesArrivingWhileRunningAreHeardOnceAndEconomicValuesSeen() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-live-alt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let store = try MarketDataStore(path: folder.appendingPathComponent("kumo.sqlite").path)
        let market = SyntheticMarket(seed: 3, symbols: 2, days: 40).dailyBars()
        for (symbol, bars) in market { try store.importBars(bars, symbol: symbol, timeframe: Timeframe(parsing: "1d")!) }
        let bars = market[0].bars
        func story(_ key: String, _ at: Timestamp, _ code: String) -> NewsArticle {
            NewsArticle(key: key, titleKey: key, source: "test", title: key, link: "", summary: "", publishedAt: at, symbols: [Symbol(code)!])
        }
        // Before the run: heard at the first bar.
        try store.storeNews([story("before", Timestamp(nanoseconds: bars[0].time.nanoseconds - 3_600_000_000_000), "SYN0001")])
        let file = folder.appendingPathComponent("listener.lua")
        let source = """
            local S = { symbols = { 'SYN0001' }, timeframe = '1d' }
            local seen_fx = false
            function S.on_news(ctx, story)
              ctx:buy(story.symbols[1], 1, { client_id = string.format('news-%s@%.0f', story.title, ctx:now()) })
            end
            function S.on_bar(ctx, bar)
              local fx = ctx:econ('usd_krw')
              if fx and not seen_fx then
                seen_fx = true
                ctx:buy(bar.symbol, 2, { client_id = 'econ-' .. fx.period })
              end
            end
            return S
            """
        try source.write(to: file, atomically: true, encoding: .utf8)
        let config = try LiveConfig.parse("""
            [engine]
            journal = "journal.sqlite"
            socket = "kumo.sock"
            [feed]
            symbols = ["SYN0001", "SYN0002"]
            db = "kumo.sqlite"
            alt_data_refresh = 0.000001
            [[strategy]]
            file = "listener.lua"
            symbols = ["SYN0001"]
            """, file: "kumo.toml", folder: folder)
        let roots = ScriptRoots(project: ReloadUnderLoadTests.project)
        let late = bars[7].time, future = Timestamp(nanoseconds: bars[20].time.nanoseconds + 3_600_000_000_000)
        let arrival = bars[10].time
        let orders = try LuaThread.run { () throws -> [Order] in
            let engine = try LiveEngine(config: config, roots: roots)
            var collected = false
            engine.betweenEvents.append {
                if engine.kernel.eventIndex == 8 {
                    // A reload (the same strategy, saved again) must not hear "before" a second time.
                    try? (source + "\n-- saved again\n").write(to: file, atomically: true, encoding: .utf8)
                    engine.prepareReload(file)
                }
                // The collectors write while the engine's clock stands at bars[10].
                guard !collected, engine.kernel.now == arrival else { return }
                collected = true
                _ = try? store.storeNews([story("late", late, "SYN0001"), story("future", future, "SYN0001"), story("other", late, "SYN0002")])
                let day = CivilDate(bars[5].time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
                _ = try? store.storeEcon(series: "usd_krw", values: [(EconPeriod(containing: day, frequency: .daily), 1312.5)], seenAt: arrival) { period in
                    Timestamp(year: period.end.year, month: period.end.month, day: period.end.day, hour: 18, utcOffsetSeconds: 9 * 3600)!
                }
            }
            _ = engine.run(stop: StopSignal(), exitAtEnd: true)
            #expect(engine.appliedReloads.count == 1, "the reload took over")
            return Array(engine.kernel.orders.values)
        }
        // Each hearing places an order named by the story and the moment (a second hearing would be a second order).
        func created(_ id: String) -> [Timestamp] { orders.filter { $0.id.value.hasPrefix(id + "@") }.map(\.createdAt) }
        #expect(created("news-before") == [bars[0].time], "heard once, at the first bar, and not again after the reload")
        #expect(created("news-late").count == 1 && created("news-late")[0] > arrival, "published before it arrived: heard once, after its arrival")
        #expect(created("news-future").count == 1 && created("news-future")[0] >= future, "heard at its time, not before")
        #expect(created("news-other").isEmpty, "another symbol's story is not this strategy's")
        let econ = orders.filter { $0.id.value.hasPrefix("econ-") }
        #expect(econ.count == 1 && econ[0].createdAt > arrival, "\(econ.map(\.id.value))")
        #expect(econ.first?.id.value == "econ-" + EconPeriod(containing: CivilDate(bars[5].time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds), frequency: .daily).label)
    }
}
