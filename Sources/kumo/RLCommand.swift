import ArgumentParser
import Foundation
import KumoBacktest
import KumoCore
import KumoML
import KumoModels
import KumoRL

/// `kumo rl`: reinforcement-learning agents trained on the backtester.
struct RLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rl", abstract: "Train reinforcement-learning agents (PPO, A2C, A3C, DQN) on stored bars.", subcommands: [RLTrainCommand.self])
}

/// `kumo rl train NAME --config rl.json [--data SYMBOL…]`.
struct RLTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train agent NAME by an rl.json recipe, register it as a candidate, and backtest it on the held-out range.",
        discussion: """
            The agent trades the recipe's training range in random episodes of the trading environment (the backtester's fills, costs and tax), \
            with a progress bar of episode return, loss and steps/s, and checkpoints of its policy every checkpoint_every steps under \
            $KUMO_HOME/rl-checkpoints/NAME/. The trained version is registered like a supervised model (kumo ml list/promote/shadow), then \
            backtested through the engine over the eval range; the figures go into its record. A strategy reads it with ctx:act (strategies/rl_agent.lua).
            """)

    @Argument(help: "The agent's registry name.") var name: String
    @Option(help: "The rl.json recipe.") var config: String
    @Option(help: "Stored symbols to train and evaluate on (default: the recipe's); repeatable.") var data: [String] = []
    @OptionGroup var options: RegistryOptions

    func run() throws {
        let recipe: RLConfig
        do { recipe = try RLConfig.read(URL(fileURLWithPath: config)) } catch { throw ValidationError(error.description) }
        let series = try options.series(data.isEmpty ? recipe.symbols : data, timeframe: recipe.timeframe)
        let registry = options.registry
        let checkpoints = registry.root.deletingLastPathComponent().appendingPathComponent("rl-checkpoints/\(name)")
        let bar = ProgressBar(label: "\(recipe.algorithm.rawValue) \(name)")
        let outcome: AgentTraining.Outcome
        do {
            outcome = try AgentTraining.train(name: name, config: recipe, series: series, registry: registry, checkpoints: recipe.checkpointEvery == nil ? nil : checkpoints) { progress in
                let detail = String(format: "return %@, loss %@, %.0f steps/s", progress.meanReturn.map { String(format: "%.4g", $0) } ?? "–",
                                    progress.loss.map { String(format: "%.4g", $0) } ?? "–", progress.stepsPerSecond)
                bar.update(min(progress.steps, progress.totalSteps), of: progress.totalSteps, detail: detail)
            }
        } catch let failure as ModelRegistry.Failure { throw ValidationError("\(config): \(failure.description)") }
        let p = outcome.progress
        print("\(name) v\(outcome.version.version) (candidate, \(recipe.algorithm.rawValue)): \(p.steps) steps, \(p.episodes) episodes, mean return \(p.meanReturn.map { String(format: "%.4g", $0) } ?? "–"), \(Int(p.stepsPerSecond)) steps/s")
        guard let start = outcome.evaluationStart else {
            print("no bars in the eval range: nothing to backtest")
            return
        }
        let end = recipe.evalTo.map { AgentTraining.instant($0, endOfDay: true) }
        let held = series.map { item in (item.symbol, end.map { last in item.bars.filter { $0.time <= last } } ?? item.bars) }
        let figures = try AgentBacktest.run(name: name, version: outcome.version.version, registry: registry, series: held, start: start)
        try registry.recordBacktest(name, outcome.version.version, figures)
        print(String(format: "backtest over the held-out range: return %.2f%% (buy and hold %.2f%%), sharpe %.3f, max drawdown %.2f%%, %.0f trades, %.0f fills",
                     figures["total_return"]! * 100, figures["buy_and_hold_return"]! * 100, figures["sharpe"]!, figures["max_drawdown"]! * 100,
                     figures["trades"]!, figures["fills"]!))
    }
}

/// `kumo bench rl [--json]`.
struct RLBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rl", abstract: "Steps/s of 64 trading environments and PPO samples/s, beside stable-baselines3's on the same shapes when installed.")
    @Flag(help: "Print JSON.") var json = false
    @Option(help: "Seconds each rate is measured over.") var seconds = 2.0
    @Flag(help: "Skip the stable-baselines3 comparison.") var noCompare = false

    func run() throws {
        guard seconds > 0 else { throw ValidationError("--seconds must be positive") }
        try printFigures(RLBenchmark(seconds: seconds, compare: !noCompare).run(), json: json)
    }
}
