import Foundation
import Testing

/// `kumo backtest` as a trader runs it: several strategies, venue and risk options, JSON, the HTML
/// report, and an exit status that says a strategy failed.
struct BacktestCommandTests {
    @Test func aFailingStrategyGivesExitTwoWhileTheOthersReportInJSONAndHTML() throws {
        let folder = try TestPaths.temporaryFolder()
        let broken = folder.appendingPathComponent("broken.lua")
        try "local S = { symbols = { '005930' }, timeframe = '1d' }\nfunction S.on_bar(ctx, bar) error('bad bar') end\nreturn S\n"
            .write(to: broken, atomically: true, encoding: .utf8)
        let json = folder.appendingPathComponent("out.json")
        let report = folder.appendingPathComponent("out.html")
        let data = TestPaths.shared.appendingPathComponent("data/krx-005930-daily.csv").path
        let arguments = [
            "backtest", "strategies/sma_cross.lua", broken.path, "--data", data, "--slippage", "ticks:1", "--volume-share", "0.1",
            "--stop-loss", "0.08", "--json", json.path, "--report", report.path, "--benchmark", data,
        ]
        let (status, output) = try KumoProcess.run(arguments)
        #expect(status == 2, "\(output)")
        #expect(output.contains("strategy       broken: quarantined, 0 fills"))
        #expect(output.contains("strategy       sma_cross: healthy"))
        #expect(output.contains("beta 0."))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        let fills = try #require(object["fills"] as? [[String: Any]])
        #expect(!fills.isEmpty)
        for key in ["date", "side", "price", "qty", "commission", "tax"] { #expect(fills[0][key] != nil, "fills[0].\(key)") }
        let failures = try #require(object["strategy_failures"] as? [String])
        #expect(failures.first?.contains("+09:00") == true && failures.first?.contains("Z:") == false, "times in KST: \(failures.first ?? "")")
        let trades = try #require(object["trades"] as? [[String: Any]])
        for key in ["entry_date", "entry_price", "exit_date", "exit_price", "qty", "pnl"] { #expect(trades.first?[key] != nil, "trades[0].\(key)") }
        for key in ["final_equity", "total_return", "max_drawdown", "sharpe", "equity_curve", "strategies", "symbols", "monthly_returns"] {
            #expect(object[key] != nil, "\(key)")
        }
        // A tick of slippage makes every fill worse than the open (the file's prices are split-adjusted,
        // so off the grid), inside the bar, and no fill takes more than 10% of the bar's volume.
        var days: [String: [Double]] = [:]
        for line in try String(contentsOfFile: data, encoding: .utf8).split(separator: "\n").dropFirst() {
            let cells = line.split(separator: ",")
            let day = String(cells[0])
            days["\(day.prefix(4))-\(day.dropFirst(4).prefix(2))-\(day.suffix(2))"] = cells[1...5].compactMap { Double($0) }
        }
        for fill in fills {
            let date = fill["date"] as! String
            let bar = try #require(days[date])
            let price = fill["price"] as! Double
            let isBuy = fill["side"] as! String == "buy"
            #expect(Double(fill["qty"] as! Int) <= bar[4] * 0.1, "\(date)")
            #expect(price >= bar[2] && price <= bar[1], "\(date) \(price) outside \(bar)")
            if (fill["order_id"] as! String).hasPrefix("sma_cross") {  // market orders, at the open plus slippage
                #expect(isBuy ? price > bar[0] || price == bar[1] : price < bar[0] || price == bar[2], "\(date) \(price) vs open \(bar[0])")
            }
        }
        let html = try String(contentsOf: report, encoding: .utf8)
        for part in ["<svg", "Underwater", "Monthly returns", "By symbol", "Trades (", "broken", "quarantined"] {
            #expect(html.contains(part), "report lacks \(part)")
        }
        #expect(!html.contains("src=") && !html.contains("href=") && !html.contains("<script"), "the report loads nothing")

        let (again, _) = try KumoProcess.run(arguments.map { $0 == json.path ? folder.appendingPathComponent("again.json").path : $0 })
        #expect(again == 2)
        #expect(try Data(contentsOf: json) == Data(contentsOf: folder.appendingPathComponent("again.json")))
    }

    @Test func badOptionsNameTheOption() throws {
        let data = TestPaths.shared.appendingPathComponent("data/krx-005930-daily.csv").path
        let slippage = try KumoProcess.run(["backtest", "strategies/sma_cross.lua", "--data", data, "--slippage", "ticks:-1"])
        #expect(slippage.status != 0)
        #expect(slippage.output.contains("--slippage 'ticks:-1' is not none, ticks:N"))
        let share = try KumoProcess.run(["backtest", "strategies/sma_cross.lua", "--data", data, "--volume-share", "2"])
        #expect(share.output.contains("--volume-share must be in (0, 1], not 2.0"))
        let param = try KumoProcess.run(["backtest", "strategies/sma_cross.lua", "strategies/rsi_reversion.lua", "--data", data, "--param", "fast=5"])
        #expect(param.output.contains("with several strategies, write strategy.name=value"))
    }

    @Test(arguments: [
        (["--commission=-0.01"], "--commission '-0.01' is not a rate from 0 to 0.05"),
        (["--tax=-0.5"], "--tax '-0.5' is not a rate from 0 to 0.05"),
        (["--tax", "0.5"], "--tax '0.5' is not a rate from 0 to 0.05"),
        (["--cash", "-5"], "--cash '-5' is not a positive amount"),
    ])
    func negativeOrOutOfRangeAmountsAreRefused(_ options: [String], _ message: String) throws {
        let data = TestPaths.shared.appendingPathComponent("data/krx-005930-daily.csv").path
        let (status, output) = try KumoProcess.run(["backtest", "strategies/sma_cross.lua", "--data", data] + options)
        #expect(status != 0)
        #expect(output.contains(message), "\(output)")
    }

    @Test func aMissingDataFileIsNamedAsAFile() throws {
        let (status, output) = try KumoProcess.run(["backtest", "strategies/sma_cross.lua", "--data", "/nonexistent.csv"])
        #expect(status != 0)
        #expect(output.contains("the file '/nonexistent.csv' does not exist"), "\(output)")
    }

    @Test func outputsIntoMissingFoldersAreMadeBeforeTheRun() throws {
        let folder = try TestPaths.temporaryFolder()
        let data = TestPaths.shared.appendingPathComponent("data/krx-005930-daily.csv").path
        let json = folder.appendingPathComponent("new/deeper/result.json")
        let (status, output) = try KumoProcess.run(["backtest", "strategies/sma_cross.lua", "--data", data, "--json", json.path])
        #expect(status == 0, "\(output)")
        #expect(FileManager.default.fileExists(atPath: json.path))
        let blocked = folder.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocked)
        let refused = try KumoProcess.run(["backtest", "strategies/sma_cross.lua", "--data", data, "--json", blocked.appendingPathComponent("result.json").path])
        #expect(refused.status != 0 && refused.output.contains("--json") && refused.output.contains("cannot be made"), "\(refused.output)")
        #expect(!refused.output.contains("backtest"), "refused before the backtest ran")
    }

    @Test func versionIsPrinted() throws {
        let (status, output) = try KumoProcess.run(["--version"])
        #expect(status == 0 && output.hasPrefix("kumo "))
    }

    static func data(_ code: String) -> String { TestPaths.shared.appendingPathComponent("data/krx-\(code)-daily.csv").path }

    static func script(_ source: String, named name: String = "probe.lua") throws -> URL {
        let file = try TestPaths.temporaryFolder().appendingPathComponent(name)
        try source.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test func whatAStrategyLogsAndPrintsIsShownWithItsTimeAndLineAndKeptInTheJSON() throws {
        let probe = try Self.script("""
            local S = { symbols = { '005930' }, timeframe = '1d' }
            local n = 0
            function S.on_bar(ctx, bar)
              n = n + 1
              if n == 1 then
                ctx:log('warning', 'first bar ' .. bar.date)
                print('printed', n)
                ctx:log('debug', 'quiet detail')
              end
            end
            return S
            """)
        let json = probe.deletingLastPathComponent().appendingPathComponent("out.json")
        let arguments = ["backtest", probe.path, "--data", Self.data("005930"), "--from", "2023-01-02", "--json", json.path]
        let shown = try KumoProcess.run(arguments)
        #expect(shown.status == 0, "\(shown.output)")
        let lines = shown.output.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("[probe 2023-01-02T00:00:00+09:00 warning ") && $0.hasSuffix("probe.lua:6] first bar 2023-01-02") }, "\(shown.output)")
        #expect(lines.contains { $0.hasPrefix("[probe 2023-01-02T00:00:00+09:00 info ") && $0.hasSuffix("probe.lua:7] printed\t1") }, "\(shown.output)")
        #expect(!shown.output.contains("quiet detail"), "debug is below the default level")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        let log = try #require(object["log"] as? [[String: String]])
        #expect(log.map { $0["level"] ?? "" } == ["warning", "info", "debug"])
        let first = try #require(log.first)
        #expect(first["time"] == "2023-01-02T00:00:00+09:00" && first["strategy"] == "probe" && first["message"] == "first bar 2023-01-02", "\(first)")
        #expect(first["location"]?.hasSuffix("probe.lua:6") == true, "\(first)")

        let silent = try KumoProcess.run(arguments + ["--script-log", "off"])
        #expect(silent.status == 0 && !silent.output.contains("first bar") && !silent.output.contains("printed"), "\(silent.output)")
        let again = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
        #expect((again["log"] as? [[String: String]])?.count == 3, "silenced on the terminal, kept in the JSON")
        let bad = try KumoProcess.run(arguments + ["--script-log", "loud"])
        #expect(bad.status != 0 && bad.output.contains("--script-log 'loud' is not debug, info, warning, error or off"), "\(bad.output)")
    }

    @Test func aStrategyReceivesOnlyTheSymbolsItNames() throws {
        // It prints each symbol the first time it sees one.
        let probe = try Self.script("""
            local S = { symbols = { '000660', '999999' }, timeframe = '1d' }
            local seen = {}
            function S.on_bar(ctx, bar)
              if not seen[bar.symbol] then seen[bar.symbol] = true; print('saw', bar.symbol, #S.symbols) end
            end
            return S
            """)
        let both = ["--data", Self.data("005930"), "--data", Self.data("000660"), "--from", "2023-06-01"]
        let named = try KumoProcess.run(["backtest", probe.path] + both)
        #expect(named.status == 0, "\(named.output)")
        #expect(named.output.contains("saw\t000660\t1") && !named.output.contains("saw\t005930"), "its symbols are those it trades: \(named.output)")
        #expect(named.output.contains("warning: probe (probe.lua) names 999999, which --data does not hold; it runs on 000660"), "\(named.output)")

        let chosen = try KumoProcess.run(["backtest", probe.path, "--universe", "005930"] + both)
        #expect(chosen.output.contains("saw\t005930\t1") && !chosen.output.contains("saw\t000660"), "\(chosen.output)")

        let elsewhere = try KumoProcess.run(["backtest", probe.path, "--data", Self.data("005930"), "--from", "2023-06-01"])
        #expect(elsewhere.status == 0, "\(elsewhere.output)")
        #expect(elsewhere.output.contains("warning: probe (probe.lua) names 000660, 999999 but --data holds 005930: it runs on all of them"), "\(elsewhere.output)")
        #expect(elsewhere.output.contains("saw\t005930\t1"), "its symbols became the data's: \(elsewhere.output)")
        let badList = try KumoProcess.run(["backtest", probe.path, "--universe", "x y"] + both)
        #expect(badList.status != 0 && badList.output.contains("--universe: 'x y' is not a symbol code"), "\(badList.output)")
    }

    @Test func feesAreWholeWonUnlessFractionsAreAskedFor() throws {
        let folder = try TestPaths.temporaryFolder()
        func fees(_ extra: [String]) throws -> [Double] {
            let json = folder.appendingPathComponent("fees.json")
            let run = try KumoProcess.run(["backtest", "strategies/sma_cross.lua", "--data", Self.data("005930"), "--tax", "0.0023", "--json", json.path] + extra)
            #expect(run.status == 0, "\(run.output)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any])
            let fills = try #require(object["fills"] as? [[String: Any]])
            return fills.flatMap { [$0["commission"] as! Double, $0["tax"] as! Double] }
        }
        let whole = try fees([])
        #expect(whole.count > 20)
        #expect(whole.allSatisfy { $0 == $0.rounded(.down) }, "KRX charges whole won: \(whole.filter { $0 != $0.rounded(.down) }.prefix(5))")
        let fractional = try fees(["--fractional-fees"])
        #expect(fractional.contains { $0 != $0.rounded(.down) })
        #expect(whole.count == fractional.count)
        #expect(whole[0] == fractional[0].rounded(.down), "the first fill's commission: the fraction cut to whole won")
    }

    @Test func equityIsTheSameInEveryProcessWithManyPositions() throws {
        // Four positions held together: the equity sums them, whatever order the dictionary gives.
        let holder = try Self.script("""
            local S = { timeframe = '1d' }
            local bought = {}
            function S.on_bar(ctx, bar)
              if not bought[bar.symbol] then bought[bar.symbol] = true; ctx:buy(bar.symbol, 7) end
            end
            return S
            """, named: "holder.lua")
        let folder = holder.deletingLastPathComponent()
        var outputs: [Data] = []
        for run in 0..<3 {
            let json = folder.appendingPathComponent("equity\(run).json")
            let result = try KumoProcess.run(
                ["backtest", holder.path, "--from", "2015-01-01", "--json", json.path, "--fractional-fees"]
                    + ["005930", "000660", "035420", "069500"].flatMap { ["--data", Self.data($0)] })
            #expect(result.status == 0, "\(result.output)")
            outputs.append(try Data(contentsOf: json))
        }
        let object = try #require(try JSONSerialization.jsonObject(with: outputs[0]) as? [String: Any])
        #expect((object["fills"] as? [[String: Any]])?.count == 4)
        #expect(outputs[1] == outputs[0] && outputs[2] == outputs[0], "three processes, one JSON")
    }
}
