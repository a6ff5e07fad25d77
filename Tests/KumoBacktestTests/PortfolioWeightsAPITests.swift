import Foundation
import KumoBacktest
import KumoCore
import KumoEngine
import KumoLua
import KumoPortfolio
import KumoScripting
import Testing

/// `ctx:portfolio_weights` as a script calls it, against KumoPortfolio on the same closes.
struct PortfolioWeightsAPITests {
    static let symbols = ["005930", "000660", "035420"].map { Symbol($0)! }

    /// 160 weekday bars per symbol: seeded random walks with different drifts and volatilities.
    static let closes: [[Double]] = {
        var random = SplitMix64(seed: 42)
        var levels = [70_000.0, 120_000.0, 200_000.0]
        return (0..<160).map { _ in
            levels = levels.enumerated().map { index, level in
                let step = (Double(random.next() % 2001) - 1000) / 1000 * (0.01 + 0.005 * Double(index)) + 0.0005 * Double(index)
                return (level * (1 + step) / 100).rounded() * 100
            }
            return levels
        }
    }()

    static func run(_ body: String) throws -> [String] {
        var date = CivilDate(year: 2024, month: 1, day: 2)!
        var times: [Timestamp] = []
        while times.count < closes.count {
            if !date.isWeekend { times.append(Timestamp(year: date.year, month: date.month, day: date.day, utcOffsetSeconds: 9 * 3600)!) }
            date = date.adding(days: 1)
        }
        let series = symbols.indices.map { column in
            (symbol: symbols[column], bars: zip(times, closes).map { time, row in
                let price = Price(units: Int64(row[column]))
                return Bar(time: time, open: price, high: price, low: price, close: price, volume: 100_000)
            })
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-pw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("weights.lua")
        try "local S = { symbols = { '005930', '000660', '035420' }, timeframe = '1d' }\nlocal n = 0\n\(body)\nreturn S\n".write(to: file, atomically: true, encoding: .utf8)
        let services = RecordingServices()
        let roots = ScriptRoots(project: BacktraderReferenceTests.project)
        let result = try LuaThread.run {
            try Backtest(configuration: EngineConfiguration()).run(series: series) { kernel in
                let strategy = LuaEngineStrategy(try StrategyLoader(roots: roots).load(file, services: services), kernel: kernel)
                try strategy.start()
                return [strategy]
            }
        }
        #expect(result.strategyFailures.isEmpty, "\(result.strategyFailures)")
        return services.entries.map(\.message)
    }

    @Test func weightsEqualTheLibrarysOnTheSameCloses() throws {
        let log = try Self.run("""
            function S.on_bar(ctx, bar)
              if bar.symbol ~= '035420' then return end
              n = n + 1
              if n == 5 or n == 160 then
                for _, method in ipairs({ 'hrp', 'min_volatility' }) do
                  local w, why = ctx:portfolio_weights{ symbols = { '005930', '000660', '035420' }, method = method, lookback = 100, max_weight = 0.6 }
                  if w then
                    ctx:log('info', string.format('%s %.12f %.12f %.12f', method, w['005930'], w['000660'], w['035420']))
                  else
                    ctx:log('info', method .. ' nil: ' .. why)
                  end
                end
              end
            end
            """)
        #expect(log.count == 4)
        #expect(log[0] == "hrp nil: 5 of the 101 closes needed are in every symbol's history yet")
        let series = try ReturnSeries(names: Self.symbols.map(\.code), prices: Array(Self.closes.suffix(101)))
        for (index, method) in [(2, PortfolioRecipe.Method.hrp), (3, .minVolatility)] {
            var recipe = PortfolioRecipe(method: method)
            recipe.upperBound = 0.6
            let expected = try recipe.weights(series)
            let logged = log[index].split(separator: " ").dropFirst().map { Double($0)! }
            #expect(zip(logged, expected).allSatisfy { abs($0 - $1) < 1e-11 }, "\(method): \(logged) vs \(expected)")
        }
    }

    @Test func mistakesAreScriptErrorsNamingTheOption() throws {
        let log = try Self.run("""
            function S.on_bar(ctx, bar)
              n = n + 1
              if n == 1 then
                for _, opts in ipairs({ { symbols = { '005930', '000660' }, metod = 'hrp' }, { symbols = { '005930' } },
                                         { symbols = { '005930', '000660' }, method = 'magic' } }) do
                  local ok, err = pcall(ctx.portfolio_weights, ctx, opts)
                  ctx:log('info', tostring(ok) .. ' ' .. tostring(err))
                end
              end
            end
            """)
        #expect(log.count == 3)
        #expect(log[0].contains("unknown option 'metod'"))
        #expect(log[1].contains("opts.symbols must list at least two symbols"))
        #expect(log[2].contains("opts.method 'magic' is not one of max_sharpe"))
    }
}
