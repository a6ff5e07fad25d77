import ArgumentParser
import Foundation
import KumoBacktest
import KumoEngine
import KumoResearch

/// `kumo montecarlo STRATEGY.lua --data …`: the strategy's backtest once, then thousands of
/// reshuffled, resampled or refilled paths: how bad it could have been.
struct MonteCarloCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "montecarlo", abstract: "Monte Carlo of a backtest: trade shuffling, return bootstraps and randomised fills.")

    @Argument(help: "The strategy file.") var strategy: String
    @OptionGroup var market: MarketReplayOptions
    @Option(name: .customLong("set"), help: "Set a strategy parameter: name=value; repeatable.") var fixed: [String] = []
    @Option(help: "shuffle, bootstrap, block, fills or all.") var method = "all"
    @Option(help: "Paths per method.") var runs = 1000
    @Option(help: "Seed of the draws.") var seed: UInt64 = 1
    @Option(help: "Mean block length of the stationary bootstrap, in bars.") var block = 10.0
    @Option(help: "Largest adverse slippage per side for randomised fills, as a fraction (0.001 = 0.1%).") var fillSlippage = 0.001
    @Option(help: "Probability that a randomised fill misses its trade.") var fillSkip = 0.05
    @Option(help: "Write the result as JSON here.") var json: String?
    @Option(help: "Write a self-contained HTML report here.") var report: String?

    func run() throws {
        for (flag, path) in [("--json", json), ("--report", report)] {
            if let path { try OutputPath.prepare(path, flag: flag) }
        }
        let methods: [MonteCarlo.Method]
        if method == "all" {
            methods = MonteCarlo.Method.allCases
        } else {
            guard let one = MonteCarlo.Method(rawValue: method) else { throw ValidationError("--method '\(method)' is not shuffle, bootstrap, block, fills or all") }
            methods = [one]
        }
        guard (0..<1).contains(fillSkip), fillSlippage >= 0, fillSlippage < 0.5 else { throw ValidationError("--fill-skip must be in [0, 1) and --fill-slippage in [0, 0.5)") }
        let search = try SearchOptions.parse(fixed.flatMap { ["--set", $0] })
        let runner = try search.runner(strategy: strategy, market: market)
        let result = try ResearchErrors.map { try runner.run(ParameterSet(names: [], values: [])) }
        print(String(format: "backtest       final equity %.0f, max drawdown %.2f%%, %d round trips", result.finalEquity, result.maxDrawdown * 100, result.trades.count))
        var outcomes: [MonteCarlo.Outcome] = []
        for kind in methods {
            var simulation = try ResearchErrors.map { try MonteCarlo(method: kind, runs: runs, seed: seed) }
            simulation.meanBlock = block
            simulation.slippage = fillSlippage
            simulation.skip = fillSkip
            do {
                let outcome = try ResearchErrors.map { try simulation.run(result) }
                outcomes.append(outcome)
                let rows = MonteCarloReport.rows(outcome)
                print("\(kind.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0))final equity 5/50/95%: \(rows[0][1]) / \(rows[2][1]) / \(rows[4][1]); "
                    + "max drawdown 50/95%: \(rows[2][2]) / \(rows[4][2]); P(loss) " + String(format: "%.1f%%", outcome.probabilityOfLoss * 100))
            } catch let error as ValidationError where methods.count > 1 {
                print("\(kind.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0))skipped: \(error.message)")
            }
        }
        if let json {
            let body: [String: Any] = [
                "strategy": strategy, "runs": runs, "seed": seed, "actual_final_equity": result.finalEquity, "actual_max_drawdown": result.maxDrawdown,
                "methods": outcomes.map { outcome -> [String: Any] in
                    let percentiles = [5.0, 25, 50, 75, 95]
                    return [
                        "method": outcome.method.rawValue, "probability_of_loss": outcome.probabilityOfLoss,
                        "final_equity": Dictionary(uniqueKeysWithValues: percentiles.map { ("p\(Int($0))", MonteCarlo.Outcome.percentile(outcome.finalEquity, $0)) }),
                        "max_drawdown": Dictionary(uniqueKeysWithValues: percentiles.map { ("p\(Int($0))", MonteCarlo.Outcome.percentile(outcome.maxDrawdown, $0)) }),
                        "fan": Dictionary(uniqueKeysWithValues: zip(percentiles, outcome.bands).map { ("p\(Int($0))", $1) }),
                    ]
                },
            ]
            try JSONSerialization.data(withJSONObject: body, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: json))
        }
        if let report {
            let settings = [("strategy", strategy), ("data", market.data.joined(separator: ", ")), ("runs", "\(runs)"), ("seed", "\(seed)"),
                            ("block", "\(block)"), ("fill slippage", "\(fillSlippage)"), ("fill skip", "\(fillSkip)")]
            try MonteCarloReport(title: "Monte Carlo: \(URL(fileURLWithPath: strategy).lastPathComponent)", settings: settings, outcomes: outcomes)
                .html().write(toFile: report, atomically: true, encoding: .utf8)
        }
    }
}
