import ArgumentParser
import Foundation
import KumoBacktest
import KumoCore
import KumoData
import KumoEngine
import KumoLua
import KumoScripting

/// `kumo backtest STRATEGY.lua --data FILE.csv|SYMBOL …`: one strategy over historical bars.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest", abstract: "Run a Lua strategy over stored or file bars on the simulated KRX venue.")

    @Argument(help: "The strategy file.") var strategy: String
    @Option(name: .customLong("data"), help: "A bar file or a stored symbol; repeat for several.") var data: [String] = []
    @Option(help: "The symbol of a bar file (default: the file name).") var symbol: String?
    @Option(help: "First date (YYYY-MM-DD).") var from: String?
    @Option(help: "Last date, exclusive (YYYY-MM-DD).") var to: String?
    @Option(help: "Starting cash.") var cash = "10000000"
    @Option(help: "Commission rate per side, such as 0.00015 (0.015%).") var commission = "0.00015"
    @Option(help: "Sell tax rate, such as 0 (default: KRX's rate by market and year).") var tax: String?
    @Option(help: "Write the result as JSON here.") var json: String?
    @Option(help: "The bars' timeframe.") var timeframe = "1d"
    @Option(name: .customLong("param"), help: "Override a strategy parameter: name=value; repeatable.") var parameters: [String] = []
    @OptionGroup var store: StoreOptions

    func run() throws {
        guard let startingCash = Price(parsing: cash), startingCash.micros > 0 else { throw ValidationError("--cash '\(cash)' is not a positive amount") }
        guard let commissionRate = Rate(parsing: commission) else { throw ValidationError("--commission '\(commission)' is not a rate such as 0.00015") }
        let taxRate = try tax.map { text -> Rate in
            guard let rate = Rate(parsing: text) else { throw ValidationError("--tax '\(text)' is not a rate such as 0.002") }
            return rate
        }
        guard !data.isEmpty else { throw ValidationError("name the bars with --data FILE.csv or --data SYMBOL (kumo data list shows what is stored)") }
        let series = try data.map { try loadSeries($0) }
        let costs = CostModel(commission: commissionRate, sellTax: taxRate, truncatesToUnits: taxRate == nil)
        let configuration = EngineConfiguration(cash: startingCash, costs: costs)
        let roots = try ProjectRoots.locate()
        let file = URL(fileURLWithPath: strategy)
        let result: BacktestResult = try LuaThread.run {
            let loaded: ScriptedStrategy
            do throws(StrategyLoadError) {
                loaded = try StrategyLoader(roots: roots).load(file, services: RecordingServices())
            } catch {
                throw ValidationError(error.description)
            }
            for assignment in parameters {
                let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2 else { throw ValidationError("--param '\(assignment)' must be name=value") }
                do throws(LuaScriptError) { try loaded.setParameter(parts[0], parts[1]) } catch { throw ValidationError("--param: \(error.message)") }
            }
            return try Backtest(configuration: configuration).run(series: series) { kernel in
                let adapter = LuaEngineStrategy(loaded, kernel: kernel)
                do throws(LuaScriptError) { try adapter.start() } catch { throw ValidationError("\(strategy): init failed: \(error.message)") }
                return [adapter]
            }
        }
        for line in result.summary() { print(line) }
        for failure in result.strategyFailures.prefix(5) { print("failure: \(failure)") }
        if let json { try result.json().write(toFile: json, atomically: true, encoding: .utf8) }
        if !result.strategyFailures.isEmpty { throw ExitCode(2) }
    }

    private func loadSeries(_ source: String) throws -> (symbol: Symbol, bars: [Bar]) {
        var (bars, _, title, _, offset) = try BarSourceArguments.load(source: source, timeframe: timeframe, tz: "+09:00", store: store)
        let fromTime = try DataArguments.date(from, offset: offset)
        let toTime = try DataArguments.date(to, offset: offset)
        bars = bars.filter { bar in (fromTime.map { bar.time >= $0 } ?? true) && (toTime.map { bar.time < $0 } ?? true) }
        guard !bars.isEmpty else { throw ValidationError("\(source): no bars between \(from ?? "the start") and \(to ?? "the end")") }
        let isFile = FileManager.default.fileExists(atPath: source)
        let code = isFile ? try (symbol ?? DataImport.symbolFromName(URL(fileURLWithPath: source))) : title
        return (try DataArguments.symbol(code), bars)
    }
}
