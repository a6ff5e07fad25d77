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
}
