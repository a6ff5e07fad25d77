import Foundation
import KumoBacktest
import KumoCore
import KumoData
import KumoEngine
import KumoLua
import KumoScripting
import Testing

/// The engine, configured to backtrader's conventions, reproduces its SMA-crossover backtests:
/// the same fills on the same dates at the same prices and sizes, and the same final equity.
struct BacktraderReferenceTests {
    static let project = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = project.deletingLastPathComponent().appendingPathComponent("shared")

    static let cases: [(reference: String, data: String, symbol: String)] = [
        ("backtest-sma10-30-krx-005930.json", "krx-005930-daily.csv", "005930"),
        ("backtest-sma10-30-orcl-1995-2014.json", "orcl-1995-2014.csv", "ORCL"),
        ("backtest-sma10-30-yhoo-1996-2014.json", "yhoo-1996-2014.csv", "YHOO"),
    ]

    @Test(arguments: cases.map(\.reference))
    func fillsAndEquityMatchBacktrader(_ name: String) throws {
        let entry = Self.cases.first { $0.reference == name }!
        let reference = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.shared.appendingPathComponent("reference/\(name)"))) as! [String: Any]
        let bars = try BarCSVReader(timeParser: BarTimeParser(utcOffsetSeconds: 9 * 3600)).read(Self.shared.appendingPathComponent("data/\(entry.data)"))
        let symbol = Symbol(entry.symbol)!
        let configuration = EngineConfiguration(
            cash: Price(units: 10_000_000),
            costs: CostModel(commission: Rate(parsing: "0.00015")!, sellTax: Rate(partsPerBillion: 0), truncatesToUnits: false))
        let strategyFile = Self.project.appendingPathComponent("Tests/KumoBacktestTests/Fixtures/sma_cross_reference.lua")
        let roots = ScriptRoots(project: Self.project)

        let result = try LuaThread.run {
            try Backtest(configuration: configuration).run(series: [(symbol, bars)]) { kernel in
                let strategy = LuaEngineStrategy(try StrategyLoader(roots: roots).load(strategyFile, services: RecordingServices()), kernel: kernel)
                try strategy.start()
                return [strategy]
            }
        }

        let fills = (reference["fills"] as! [[String: Any]])
        #expect(result.strategyFailures.isEmpty, "\(result.strategyFailures.prefix(3))")
        #expect(result.fills.count == fills.count)
        for (ours, theirs) in zip(result.fills, fills) {
            #expect(ours.time.isoDate(utcOffsetSeconds: 9 * 3600) == theirs["date"] as! String)
            #expect(ours.side.rawValue == theirs["side"] as! String)
            #expect(ours.quantity == (theirs["size"] as! NSNumber).int64Value)
            #expect(abs(ours.price.doubleValue - (theirs["price"] as! Double)) < 1e-9)
            #expect(abs(ours.commission.doubleValue - (theirs["commission"] as! Double)) < 1e-6)
        }
        #expect(abs(result.finalEquity - (reference["final_equity"] as! Double)) < 0.01)
        #expect(abs(result.totalReturn - (reference["total_return"] as! Double)) < 1e-9)
        #expect(abs(result.maxDrawdown - (reference["max_drawdown"] as! Double)) < 1e-9)
        let warmUp = bars.count - (reference["bars"] as! Int)
        #expect(abs(result.sharpe(fromIndex: warmUp) - (reference["sharpe"] as! Double)) < 1e-6)
        let trades = reference["trades"] as! [[String: Any]]
        #expect(result.trades.count == trades.count)
        for (ours, theirs) in zip(result.trades, trades) {
            // Costs are exact to the millionth of a unit, backtrader's are binary floats: two sides differ by < 2e-6.
            #expect(abs(ours.netPnL - (theirs["pnl_net"] as! Double)) < 1e-5)
        }
    }
}

extension BacktraderReferenceTests {
    /// Two runs of the same backtest give byte-identical JSON.
    @Test func aBacktestIsDeterministic() throws {
        let series = SyntheticMarket(seed: 21, symbols: 2, days: 400).dailyBars()
        let roots = ScriptRoots(project: Self.project)
        let file = Self.project.appendingPathComponent("strategies/cloud_breakout.lua")
        func once() throws -> String {
            try LuaThread.run {
                try Backtest(configuration: EngineConfiguration()).run(series: series) { kernel in
                    let strategy = LuaEngineStrategy(try StrategyLoader(roots: roots).load(file, services: RecordingServices()), kernel: kernel)
                    try strategy.start()
                    return [strategy]
                }.json()
            }
        }
        let first = try once()
        #expect(first == (try once()))
        #expect(first.contains("\"final_equity\""))
    }
}
