import ArgumentParser
import Foundation
import KumoBacktest
import KumoResearch
import KumoScripting

/// `kumo optimize STRATEGY.lua --data … --param fast=5:50:5 …`: a parameter search over
/// backtests on every core, resumable from its study file, with an overfitting verdict.
struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize", abstract: "Search a strategy's parameters (grid, random or TPE) over backtests on every core.",
        discussion: """
            Every trial is a backtest in its own VM. With --study FILE the trials are stored as they finish and a rerun \
            with the same settings resumes. The verdict lines say whether the best result survives the search: the \
            deflated Sharpe ratio, the probability of backtest overfitting (CSCV) and White's / Hansen's tests.
            """)

    @Argument(help: "The strategy file.") var strategy: String
    @OptionGroup var market: MarketReplayOptions
    @OptionGroup var search: SearchOptions
    @Option(help: "Trials to run in all (default: the whole grid for --method grid, else 100).") var trials: Int?
    @Option(name: .customLong("study"), help: "Keep the trials in this SQLite file and resume from it.") var studyFile: String?
    @Option(help: "Write the study as JSON here.") var json: String?
    @Option(help: "Write a self-contained HTML report here.") var report: String?

    func run() throws {
        for (flag, path) in [("--json", json), ("--report", report)] {
            if let path { try OutputPath.prepare(path, flag: flag) }
        }
        let (space, study, runner) = try search.prepare(strategy: strategy, market: market)
        let target = trials ?? (search.method == "grid" ? min(space.size, 1_000_000) : 100)
        guard target > 0 else { throw ValidationError("--trials must be positive") }
        let store = try studyFile.map { path in try ResearchErrors.map { try StudyStore(path: path, definition: search.definition(strategy: strategy, market: market)) } }
        let bar = ProgressBar(label: "optimize")
        let objective = search.objectiveValue
        let found = try ResearchErrors.map {
            try study.run(trials: target, store: store, evaluate: { runner.trial($0, objective: objective) }) { _, history in
                let best = Study.best(history)
                bar.update(history.count, of: target, detail: best.map { String(format: "best %.4f (%@)", $0.value!, $0.parameters.description) })
            }
        }
        let summary = StudySummary(trials: found, space: space, seed: search.seed)
        print("trials         \(found.count) (\(summary.complete) complete, \(summary.pruned) pruned, \(summary.failed) failed)")
        if let best = summary.best {
            print(String(format: "best           #%d %@: %@ %.4f", best.number, best.parameters.description, objective.rawValue, best.value!))
        } else {
            let failure: String? = found.first { $0.state == .failed }?.message
            print("best           none: no trial completed" + (failure.map { " (first failure: " + $0 + ")" } ?? ""))
        }
        for line in summary.lines { print("overfitting    \(line)") }
        if let json {
            let body: [String: Any] = [
                "strategy": strategy, "objective": objective.rawValue, "method": search.method, "seed": search.seed,
                "trials": found.map(SearchOptions.dictionary), "best": summary.best.map(SearchOptions.dictionary) as Any, "summary": summary.dictionary,
            ]
            try JSONSerialization.data(withJSONObject: body, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: json))
        }
        if let report {
            let settings = search.settings(strategy: strategy, market: market) + [("trials", "\(found.count)")]
            try StudyReport(title: "Optimisation: \(URL(fileURLWithPath: strategy).lastPathComponent)", settings: settings, trials: found, space: space, summary: summary, objective: objective)
                .html().write(toFile: report, atomically: true, encoding: .utf8)
        }
        if summary.best == nil { throw ExitCode(2) }
    }
}

/// Turns research errors into the command line's validation errors.
enum ResearchErrors {
    static func map<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as ResearchError { throw ValidationError(error.description) }
    }
}
