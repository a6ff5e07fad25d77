import ArgumentParser
import Foundation
import KumoResearch
import KumoScripting

/// What a parameter search needs, shared by `optimize` and `walkforward`: the space, the
/// constraint, the objective, the sampler, the seed and the workers.
struct SearchOptions: ParsableArguments {
    @Option(name: .customLong("param"), help: "A parameter to search: name=low:high:step or name=a,b,c; repeatable.") var parameters: [String] = []
    @Option(name: .customLong("set"), help: "Fix a strategy parameter for every trial: name=value; repeatable.") var fixed: [String] = []
    @Option(help: "grid, random or tpe (a Bayesian sampler, Optuna's default).") var method = "tpe"
    @Option(help: "What to maximise: \(Objective.names).") var objective = "sharpe"
    @Option(help: "A condition on the parameters, such as 'fast<slow' or 'fast*2 <= slow and stop > 0.01'.") var constraint: String?
    @Option(help: "Seed of the samplers and the bootstrap.") var seed: UInt64 = 1
    @Option(help: "Trials run at once, each in its own VM (default: every core).") var workers = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Run every trial to the end (no median pruning at the checkpoints).") var noPrune = false

    func validate() throws {
        guard ["grid", "random", "tpe"].contains(method) else { throw ValidationError("--method '\(method)' is not grid, random or tpe") }
        guard Objective(rawValue: objective) != nil else { throw ValidationError("--objective '\(objective)' is not one of \(Objective.names)") }
        guard workers > 0 else { throw ValidationError("--workers must be positive") }
    }

    var objectiveValue: Objective { Objective(rawValue: objective)! }

    var sampler: any Sampler {
        switch method {
        case "grid": GridSampler()
        case "random": RandomSampler()
        default: TPESampler()
        }
    }

    /// A runner of `strategy` over the replay's bars with the `--set` parameters, checked to
    /// load and to have `searched` among its parameters.
    func runner(strategy: String, market: MarketReplayOptions, searched names: [String] = []) throws -> StrategyTrialRunner {
        guard FileManager.default.fileExists(atPath: strategy) else { throw ValidationError("the strategy file '\(strategy)' does not exist") }
        let fixedPairs = try fixed.map { text -> (String, String) in
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--set '\(text)' must be name=value") }
            guard !names.contains(parts[0]) else { throw ValidationError("--set \(parts[0]) is also searched by --param") }
            return (parts[0], parts[1])
        }
        let runner = StrategyTrialRunner(
            file: URL(fileURLWithPath: strategy), roots: try ProjectRoots.locate(), series: try market.series(),
            configuration: try market.engineConfiguration(), fixedParameters: fixedPairs)
        try ResearchErrors.map { try runner.validate(parameters: names + fixedPairs.map(\.0)) }
        return runner
    }

    /// The space, a study ready to run and a runner over the replay's bars, each checked.
    func prepare(strategy: String, market: MarketReplayOptions) throws -> (ParameterSpace, Study, StrategyTrialRunner) {
        let space = try ResearchErrors.map { try ParameterSpace(parsing: parameters) }
        let names = space.parameters.map(\.name)
        let condition = try constraint.map { text in try ResearchErrors.map { try ParameterConstraint(text, names: names) } }
        let runner = try runner(strategy: strategy, market: market, searched: names)
        let study = Study(space: space, constraint: condition, objective: objectiveValue, sampler: sampler, seed: seed, workers: workers, checkpoints: noPrune ? 0 : 4)
        return (space, study, runner)
    }

    /// What makes two studies the same study (a resumed file must match all of it).
    func definition(strategy: String, market: MarketReplayOptions) -> [String: String] {
        let source = (try? String(contentsOfFile: strategy, encoding: .utf8)) ?? ""
        return [
            "strategy": URL(fileURLWithPath: strategy).lastPathComponent, "strategy_source_hash": String(UInt64(bitPattern: Int64(source.utf8.reduce(5381) { ($0 &* 33) &+ Int($1) }))),
            "data": market.data.joined(separator: ","), "from": market.from ?? "", "to": market.to ?? "", "cash": market.cash, "commission": market.commission,
            "tax": market.tax ?? "", "slippage": market.slippage, "params": parameters.joined(separator: " "), "set": fixed.joined(separator: " "),
            "constraint": constraint ?? "", "objective": objective, "method": method, "seed": String(seed), "pruning": noPrune ? "off" : "median",
        ]
    }

    func settings(strategy: String, market: MarketReplayOptions) -> [(String, String)] {
        [
            ("strategy", strategy), ("data", market.data.joined(separator: ", ")), ("period", "\(market.from ?? "start") … \(market.to ?? "end")"),
            ("search", parameters.joined(separator: " ")), ("constraint", constraint ?? "none"), ("method", method), ("objective", objective),
            ("seed", String(seed)), ("workers", String(workers)), ("pruning", noPrune ? "off" : "median at quarters"),
        ]
    }

    /// A trial as JSON-ready values (its daily returns left out).
    static func dictionary(_ trial: Trial) -> [String: Any] {
        var result: [String: Any] = [
            "number": trial.number, "state": trial.state.rawValue, "seconds": trial.seconds,
            "params": Dictionary(uniqueKeysWithValues: zip(trial.parameters.names, trial.parameters.values).map { name, value -> (String, Any) in
                switch value {
                case .integer(let v): (name, v)
                case .number(let v): (name, v)
                case .text(let v): (name, v)
                }
            }),
            "metrics": trial.metrics.filter { $0.value.isFinite }, "intermediate": trial.intermediate.map { $0.isFinite ? $0 : 0 },
        ]
        if let value = trial.value, value.isFinite { result["value"] = value }
        if let message = trial.message { result["message"] = message }
        return result
    }
}
