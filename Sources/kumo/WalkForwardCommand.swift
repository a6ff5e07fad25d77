import ArgumentParser
import Foundation
import KumoCore
import KumoEngine
import KumoResearch

/// `kumo walkforward STRATEGY.lua --data … --param … --train 2y --test 6m`: optimise on each
/// training window, run the choice on the window after it, and stitch the out-of-sample record.
struct WalkForwardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "walkforward", abstract: "Walk-forward analysis: optimise in each training window, trade the choice out of sample.",
        discussion: "Window lengths are bars, or bars of a trading calendar: 2y = 504, 6m = 126, 4w = 20, 30d = 30.")

    @Argument(help: "The strategy file.") var strategy: String
    @OptionGroup var market: MarketReplayOptions
    @OptionGroup var search: SearchOptions
    @Option(help: "Bars in each training window (such as 500 or 2y).") var train: String
    @Option(help: "Bars in each test window (such as 125 or 6m).") var test: String
    @Option(help: "Bars between window starts (default: the test length, so test windows tile).") var step: String?
    @Flag(help: "Anchor every training window at the first bar (it grows) instead of rolling it.") var anchored = false
    @Option(help: "Bars replayed before each test window to warm indicators (their profit is not counted).") var warmup = "0"
    @Option(help: "Trials per training window (default: the whole grid for --method grid, else 50).") var trials: Int?
    @Option(help: "Write the result as JSON here.") var json: String?
    @Option(help: "Write a self-contained HTML report here.") var report: String?

    /// `500`, `2y`, `6m`, `4w` or `30d` as bars.
    static func bars(_ text: String, flag: String) throws -> Int {
        let units: [Character: Int] = ["y": 252, "m": 21, "w": 5, "d": 1]
        if let count = Int(text) { return count }
        guard let unit = text.last.flatMap({ units[$0] }), let count = Int(text.dropLast()), count > 0 else {
            throw ValidationError("\(flag) '\(text)' is not a bar count or a length such as 2y, 6m, 4w, 30d")
        }
        return count * unit
    }

    func run() throws {
        for (flag, path) in [("--json", json), ("--report", report)] {
            if let path { try OutputPath.prepare(path, flag: flag) }
        }
        let plan = try ResearchErrors.map {
            try WalkForward(
                train: try Self.bars(train, flag: "--train"), test: try Self.bars(test, flag: "--test"), step: try step.map { try Self.bars($0, flag: "--step") },
                mode: anchored ? .anchored : .rolling, warmup: try Self.bars(warmup, flag: "--warmup"))
        }
        let (space, study, runner) = try search.prepare(strategy: strategy, market: market)
        let perWindow = trials ?? (search.method == "grid" ? min(space.size, 100_000) : 50)
        let bar = ProgressBar(label: "walkforward")
        let result = try ResearchErrors.map { try plan.run(runner: runner, study: study, trials: perWindow) { bar.update($0, of: $1) } }
        let offset = 9 * 3600
        for window in result.windows {
            let chosen = window.best?.parameters.description ?? "none (\(window.failure ?? "no trial completed"))"
            print(String(format: "window %@ → %@  %@  in %.3f  out %.3f", window.testFrom.isoDate(utcOffsetSeconds: offset),
                         window.times.last?.isoDate(utcOffsetSeconds: offset) ?? "-", chosen, window.best?.value ?? .nan, window.outOfSample["objective"] ?? .nan))
        }
        let outOfSample = result.outOfSample
        print(String(format: "out of sample  %@ %.4f, return %.2f%%, max drawdown %.2f%% over %d bars", search.objective, outOfSample["objective"] ?? .nan,
                     (outOfSample["total_return"] ?? .nan) * 100, (outOfSample["max_drawdown"] ?? .nan) * 100, result.stitchedReturns.count))
        print("efficiency     " + (result.efficiency.map { String(format: "%.3f (out-of-sample CAGR over in-sample CAGR)", $0) } ?? "n/a"))
        for item in result.stability {
            print(String(format: "stability      %@: %d distinct in %d windows, most frequent %.0f%%", item.name, item.distinct, item.chosen.count, item.modeShare * 100))
        }
        let cash = try market.engineConfiguration().cash.doubleValue
        if let json {
            let body: [String: Any] = [
                "strategy": strategy, "objective": search.objective, "method": search.method, "train": plan.train, "test": plan.test, "step": plan.step,
                "mode": plan.mode.rawValue, "warmup": plan.warmup, "efficiency": result.efficiency as Any,
                "out_of_sample": outOfSample.filter { $0.value.isFinite },
                "windows": result.windows.map { window -> [String: Any] in
                    [
                        "train_from": window.trainFrom.isoDate(utcOffsetSeconds: offset), "test_from": window.testFrom.isoDate(utcOffsetSeconds: offset),
                        "test_to": window.times.last?.isoDate(utcOffsetSeconds: offset) as Any, "trials": window.trials,
                        "best": window.best.map(SearchOptions.dictionary) as Any, "out_of_sample": window.outOfSample.filter { $0.value.isFinite },
                        "failure": window.failure as Any,
                    ]
                },
                "equity": zip(result.stitchedTimes, result.stitchedEquity(cash: cash)).map { ["date": $0.isoDate(utcOffsetSeconds: offset), "equity": $1] },
                "stability": result.stability.map { ["parameter": $0.name, "chosen": $0.chosen, "distinct": $0.distinct, "mode_share": $0.modeShare, "variation": $0.variation as Any] },
            ]
            try JSONSerialization.data(withJSONObject: body, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: json))
        }
        if let report {
            let settings = search.settings(strategy: strategy, market: market)
                + [("windows", "\(plan.mode.rawValue): train \(plan.train), test \(plan.test), step \(plan.step), warm-up \(plan.warmup) bars"), ("trials per window", "\(perWindow)")]
            try WalkForwardReport(title: "Walk-forward: \(URL(fileURLWithPath: strategy).lastPathComponent)", settings: settings, result: result, cash: cash)
                .html().write(toFile: report, atomically: true, encoding: .utf8)
        }
        if result.windows.allSatisfy({ $0.best == nil }) { throw ExitCode(2) }
    }
}
