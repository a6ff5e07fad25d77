import Dispatch
import Foundation
import KumoCore
import KumoEngine
public import KumoScripting

/// `kumo bench research`: trials per second of a parameter sweep of the benchmark SMA cross over
/// ten years of daily bars, on one core and on every core (each trial its own VM and kernel).
public struct ResearchBenchmark: Sendable {
    public var roots: ScriptRoots
    public var days: Int
    public var cores: Int

    /// `cores` nil: every core the process may use.
    public init(roots: ScriptRoots, days: Int = 2520, cores: Int? = nil) {
        self.roots = roots
        self.days = days
        self.cores = max(1, cores ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// A seeded random walk of `days` daily bars, ±2% a day.
    static func bars(days: Int) -> [Bar] {
        var random = SplitMix64(seed: 2520)
        var close = 50_000.0
        return (0..<days).map { day in
            let open = close
            close = max(100, (open * (1 + (Double(random.next() % 4001) - 2000) / 100_000)).rounded())
            let price = { (value: Double) in Price(units: Int64(value)) }
            return Bar(
                time: Timestamp(seconds: Int64(day) * 86_400 + 1_262_304_000), open: price(open), high: price(max(open, close) + 50),
                low: price(min(open, close) - 50), close: price(close), volume: 1_000_000)
        }
    }

    public func run() throws -> [String: Double] {
        let series = [(symbol: Symbol("SYN0001")!, bars: Self.bars(days: days))]
        let space = try ParameterSpace(parsing: ["fast=5:50:5", "slow=20:200:20"])
        let constraint = try ParameterConstraint("fast < slow", names: ["fast", "slow"])
        return try EngineBenchmark.withStrategyFile { file in
            let runner = StrategyTrialRunner(file: file, roots: roots, series: series, configuration: EngineConfiguration())
            func sweep(workers: Int) throws -> (trials: Int, seconds: Double) {
                let study = Study(space: space, constraint: constraint, objective: .sharpe, sampler: GridSampler(), seed: 1, workers: workers, checkpoints: 0)
                let start = DispatchTime.now().uptimeNanoseconds
                let trials = try study.run(trials: space.size, store: nil) { runner.trial($0, objective: .sharpe) }
                if let failed = trials.first(where: { $0.state != .complete }) { throw ResearchError.trialFailed(failed.message ?? "a benchmark trial failed") }
                return (trials.count, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            _ = try sweep(workers: cores)  // warm-up: page in the code and the allocator
            let one = try sweep(workers: 1)
            let all = try sweep(workers: cores)
            return [
                "research_trials": Double(one.trials), "research_bars_per_trial": Double(days),
                "research_trials_per_s_one_core": Double(one.trials) / one.seconds,
                "research_trials_per_s_all_cores": Double(all.trials) / all.seconds, "research_cores": Double(cores),
                "research_speedup": one.seconds / all.seconds,
            ]
        }
    }
}
