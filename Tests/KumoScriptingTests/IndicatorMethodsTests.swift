import Foundation
import KumoCore
import KumoIndicators
import KumoLua
import KumoScripting
import Testing

/// `ctx` indicator reads from Lua equal the TA-Lib reference, whether registered in `init` or
/// first asked for mid-stream, and survive a hot reload.
struct IndicatorMethodsTests {
    static let source = """
        local S = { symbols = { '005930' }, timeframe = '1d' }
        function S.init(ctx) ctx:sma('005930', 20) end
        function S.on_bar(ctx, bar)
          local macd = ctx:indicator('005930', 'macd:12,26,9')
          local cloud = ctx:ichimoku('005930')
          return ctx:sma('005930', 20), ctx:rsi('005930', 14), macd.macd_signal, cloud and cloud.senkou_a, bar.late and ctx:cci('005930', 14)
        end
        return S
        """

    static func samsung() throws -> (bars: [IndicatorBar], reference: [String: [Double?]]) {
        let data = try String(contentsOf: TestPaths.shared.appendingPathComponent("data/krx-005930-daily.csv"), encoding: .utf8)
        let bars = data.split(separator: "\n").dropFirst().prefix(400).map { line -> IndicatorBar in
            let c = line.split(separator: ",").map { Double($0) ?? 0 }
            return IndicatorBar(open: c[1], high: c[2], low: c[3], close: c[4], volume: c[5])
        }
        let text = try String(contentsOf: TestPaths.shared.appendingPathComponent("reference/indicators-krx-005930.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        var reference: [String: [Double?]] = [:]
        for line in lines.dropFirst().prefix(400) {
            for (name, cell) in zip(header, line.split(separator: ",", omittingEmptySubsequences: false)) {
                reference[name, default: []].append(Double(cell))
            }
        }
        return (bars, reference)
    }

    static func close(_ value: LuaValue, _ reference: Double?) -> Bool {
        switch (value.doubleValue, reference) {
        case (nil, nil): true
        case let (a?, b?): abs(a - b) <= max(1e-9 * abs(b), 1e-10)
        default: false
        }
    }

    @Test func luaReadsMatchTheReferenceBarByBar() throws {
        let (bars, reference) = try Self.samsung()
        let folder = try TestPaths.temporaryFolder()
        let file = folder.appendingPathComponent("reader.lua")
        try Self.source.write(to: file, atomically: true, encoding: .utf8)
        let rows = try LuaThread.run { () throws -> [[LuaValue]] in
            let strategy = try StrategyLoader(roots: TestPaths.roots).load(file, services: RecordingServices())
            try strategy.call(.initialize)
            return try bars.enumerated().map { index, bar in
                strategy.indicators.update(symbol: "005930", bar: bar)
                let table = LuaTable(["close": .number(bar.close), "late": .boolean(index >= 200)])
                return try strategy.call(.onBar, [.table(table)])
            }
        }
        for (index, row) in rows.enumerated() {
            #expect(Self.close(row[0], reference["sma_20"]![index]), "sma row \(index)")
            #expect(Self.close(row[1], reference["rsi_14"]![index]), "rsi row \(index)")
            #expect(Self.close(row[2], reference["macd_signal"]![index]), "macd row \(index)")
            #expect(Self.close(row[3], reference["senkou_a"]![index]), "senkou_a row \(index)")
            if index >= 200 { #expect(Self.close(row[4], reference["cci_14"]![index]), "cci (first asked at bar 200) row \(index)") }
        }
    }

    @Test func symbolStringsMadeAtRunTimeOrTooLongToInternReadTheirOwnSeries() throws {
        let folder = try TestPaths.temporaryFolder()
        let file = folder.appendingPathComponent("symbols.lua")
        // Equal short strings share Lua's one copy (the fast path's key); strings over 40 bytes
        // do not, and take the path by text.
        try """
            local S = { timeframe = '1d' }
            local long = string.rep('L', 45)
            function S.on_bar(ctx, bar)
              return ctx:sma('005930', 3), ctx:sma(string.sub('x005930', 2), 3), ctx:sma('000660', 3),
                ctx:sma(long, 3), ctx:sma(long .. '', 3), ctx:sma('000660', 2), ctx:ema('000660', 3)
            end
            return S
            """.write(to: file, atomically: true, encoding: .utf8)
        let rows = try LuaThread.run { () throws -> [[LuaValue]] in
            let strategy = try StrategyLoader(roots: TestPaths.roots).load(file, services: RecordingServices())
            return try (1...6).map { step in
                let x = Double(step)
                for (symbol, scale) in [("005930", 1.0), ("000660", 10.0), (String(repeating: "L", count: 45), 100.0)] {
                    strategy.indicators.update(symbol: symbol, bar: IndicatorBar(open: x * scale, high: x * scale, low: x * scale, close: x * scale, volume: 1))
                }
                return try strategy.call(.onBar, [.table(LuaTable())])
            }
        }
        // Closes 1, 2, 3 … times each symbol's scale: a 3-bar mean at step n is (n - 1) × scale,
        // a 2-bar mean (n - 0.5) × scale; the EMA(3) of a line seeded by its SMA stays one step behind.
        for (index, row) in rows.enumerated() where index >= 2 {
            let n = Double(index + 1)
            #expect(row.map(\.doubleValue) == [n - 1, n - 1, 10 * (n - 1), 100 * (n - 1), 100 * (n - 1), 10 * (n - 0.5), 10 * (n - 1)], "step \(index + 1)")
        }
        #expect(rows[0].map(\.doubleValue) == [nil, nil, nil, nil, nil, nil, nil])
        #expect(rows[1][5].doubleValue == 15)
    }

    @Test func badIndicatorRequestsRaiseAtTheScriptsLine() throws {
        let folder = try TestPaths.temporaryFolder()
        let file = folder.appendingPathComponent("bad.lua")
        try "local S = { symbols = { '005930' }, timeframe = '1d' }\nfunction S.on_bar(ctx, bar)\n  return ctx:indicator('005930', 'smaa:20')\nend\nreturn S\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let error = try LuaThread.run { () throws -> LuaScriptError? in
            let strategy = try StrategyLoader(roots: TestPaths.roots).load(file, services: RecordingServices())
            do { try strategy.call(.onBar, [.nil]); return nil } catch let error as LuaScriptError { return error }
        }
        #expect(error?.message.hasSuffix("bad.lua:3: kumo.Context:indicator: unknown indicator 'smaa'; known: " + IndicatorCatalog.names.joined(separator: ", ")) == true)
    }
}

extension IndicatorMethodsTests {
    @Test func aHotReloadKeepsTheIndicatorState() throws {
        let (bars, reference) = try Self.samsung()
        let folder = try TestPaths.temporaryFolder()
        let file = folder.appendingPathComponent("sma.lua")
        let version = { (n: Int) in "local S = { symbols = { '005930' }, timeframe = '1d' }\nfunction S.on_bar(ctx, bar) return ctx:sma('005930', 20), \(n) end\nreturn S\n" }
        try version(1).write(to: file, atomically: true, encoding: .utf8)
        let services = RecordingServices()
        let reloader = StrategyReloader(loader: StrategyLoader(roots: TestPaths.roots))
        let slot = try LuaThread.run { StrategySlot(strategy: try reloader.loader.load(file, services: services), services: services) }
        reloader.register(slot)
        var results: [[LuaValue]] = []
        for (index, bar) in bars.prefix(60).enumerated() {
            if index == 30 {
                try version(2).write(to: file, atomically: true, encoding: .utf8)
                reloader.prepare(changed: [file])
                _ = try LuaThread.run { reloader.applyPending() }
            }
            slot.current.indicators.update(symbol: "005930", bar: bar)
            results.append(try LuaThread.run { try slot.current.call(.onBar, [.nil]) })
        }
        #expect(slot.version == 2)
        #expect(results[29][1] == 1 && results[30][1] == 2)
        for index in 19..<60 { #expect(Self.close(results[index][0], reference["sma_20"]![index]), "row \(index)") }
    }
}

extension IndicatorMethodsTests {
    /// The cci plugin read through ctx:indicator equals TA-Lib, like the native indicators.
    @Test func pluginIndicatorsAnswerThroughTheSameCall() throws {
        let (bars, reference) = try Self.samsung()
        let folder = try TestPaths.temporaryFolder()
        let file = folder.appendingPathComponent("plugin_reader.lua")
        try """
            local S = { symbols = { '005930' }, timeframe = '1d' }
            function S.on_bar(ctx, bar)
              return ctx:indicator('005930', 'cci', { period = 14 }).cci, ctx:indicator('005930', 'cci:14').cci_14
            end
            return S
            """.write(to: file, atomically: true, encoding: .utf8)
        let rows = try LuaThread.run { () throws -> [[LuaValue]] in
            let strategy = try StrategyLoader(roots: TestPaths.roots).load(file, services: RecordingServices())
            strategy.indicators.register(try PluginHost(roots: TestPaths.roots).load(TestPaths.project.appendingPathComponent("plugins/cci")))
            return try bars.map { bar in
                strategy.indicators.update(symbol: "005930", bar: bar)
                return try strategy.call(.onBar, [.nil])
            }
        }
        for (index, row) in rows.enumerated() {
            #expect(Self.close(row[0], reference["cci_14"]![index]), "plugin cci row \(index)")
            #expect(Self.close(row[1], reference["cci_14"]![index]), "native cci row \(index)")
        }
    }
}

extension IndicatorMethodsTests {
    /// Turning points name future trading days: weekends and given holidays are skipped.
    @Test func turningPointsArePlacedOnFutureTradingDays() throws {
        let folder = try TestPaths.temporaryFolder()
        let file = folder.appendingPathComponent("turning.lua")
        try """
            local S = { symbols = { 'X' }, timeframe = '1d' }
            function S.on_bar(ctx, bar) return ctx:turning_dates('X') end
            return S
            """.write(to: file, atomically: true, encoding: .utf8)
        // Up 20%, down 20%, up 20%: swings at known bars, so basic numbers land on known days.
        var prices: [Double] = []
        for i in 0..<30 { prices.append(100 + Double(i)) }
        for i in 0..<30 { prices.append(129 - Double(i)) }
        for i in 0..<30 { prices.append(100 + Double(i)) }
        let start = CivilDate(year: 2024, month: 1, day: 2)!
        let holiday = CivilDate(year: 2024, month: 6, day: 6)!
        let calendar = WeekdayCalendar(holidays: [holiday])
        let days = [start] + calendar.tradingDays(after: start, count: prices.count - 1)
        let points = try LuaThread.run { () throws -> [LuaValue] in
            let strategy = try StrategyLoader(roots: TestPaths.roots, calendar: calendar).load(file, services: RecordingServices())
            let book = strategy.indicators
            var last: [LuaValue] = []
            for (price, day) in zip(prices, days) {
                book.update(symbol: "X", bar: IndicatorBar(open: price, high: price, low: price, close: price), date: day)
                last = try strategy.call(.onBar, [.nil])
            }
            return last
        }
        let items = points.first?.tableValue?.array.compactMap(\.tableValue) ?? []
        #expect(!items.isEmpty)
        for item in items {
            let ahead = Int(item["bars_ahead"]!.integerValue!)
            let date = try #require(item["date"]?.stringValue.flatMap { CivilDate(parsing: $0) })
            #expect(date == calendar.tradingDays(after: days.last!, count: ahead).last)
            #expect(!date.isWeekend && date != holiday)
        }
    }
}
