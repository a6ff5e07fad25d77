import Foundation

/// What a finished study says beyond its best trial: how much each parameter matters and how
/// likely the best result is luck (deflated Sharpe, PBO, White's reality check, Hansen's SPA).
public struct StudySummary: Sendable {
    public var best: Trial?
    public var complete: Int
    public var pruned: Int
    public var failed: Int
    /// Each parameter's main-effect share of the objective's variance, `Σ nᵥ (ȳᵥ − ȳ)² / Σ (y − ȳ)²`.
    public var importance: [(name: String, share: Double)]
    public var deflatedSharpe: DeflatedSharpe?
    public var overfitting: BacktestOverfitting?
    public var realityCheck: RealityCheck?
    /// Why a statistic is missing (too few trials or periods).
    public var notes: [String]

    public init(trials: [Trial], space: ParameterSpace, seed: UInt64 = 1) {
        best = Study.best(trials)
        let done = trials.filter { $0.state == .complete && $0.value?.isFinite == true }
        complete = done.count
        pruned = trials.count { $0.state == .pruned }
        failed = trials.count { $0.state == .failed }
        importance = Self.importance(done, space: space)
        notes = []
        // The statistics that need whole, equally long return series use the complete trials.
        let length = done.map(\.returns.count).max() ?? 0
        let series = done.filter { $0.returns.count == length && length > 2 }.map(\.returns)
        deflatedSharpe = DeflatedSharpe(trialReturns: series, trialCount: complete + pruned)
        if deflatedSharpe == nil { notes.append("deflated Sharpe needs two complete trials with returns") }
        if series.count >= 2 {
            let blocks = min(16, length / 2 * 2)
            let rows = (0..<length).map { t in series.map { $0[t] } }
            overfitting = try? BacktestOverfitting(returns: rows, blocks: blocks)
            realityCheck = try? RealityCheck(differentials: series, resamples: 1000, seed: seed)
        } else {
            notes.append("PBO and the reality check need two complete trials")
        }
    }

    static func importance(_ trials: [Trial], space: ParameterSpace) -> [(name: String, share: Double)] {
        let values = trials.map { $0.value! }
        guard values.count > 1 else { return space.parameters.map { ($0.name, 0) } }
        let mean = values.reduce(0, +) / Double(values.count)
        let total = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
        return space.parameters.map { parameter in
            guard total > 0 else { return (parameter.name, 0) }
            let groups = Dictionary(grouping: trials, by: { $0.parameters[parameter.name] })
            let between = groups.values.map { group -> Double in
                let groupMean = group.map { $0.value! }.reduce(0, +) / Double(group.count)
                return Double(group.count) * (groupMean - mean) * (groupMean - mean)
            }.reduce(0, +)
            return (parameter.name, between / total)
        }
    }

    /// The summary as JSON-ready values.
    public var dictionary: [String: Any] {
        var result: [String: Any] = [
            "complete": complete, "pruned": pruned, "failed": failed,
            "importance": Dictionary(uniqueKeysWithValues: importance.map { ($0.name, $0.share) }), "notes": notes,
        ]
        if let deflatedSharpe {
            result["deflated_sharpe"] = [
                "probability": deflatedSharpe.probability, "best_sharpe_per_period": deflatedSharpe.sharpe,
                "expected_max_sharpe_per_period": deflatedSharpe.expectedMaximum, "trials": deflatedSharpe.trials,
                "significant": deflatedSharpe.isSignificant,
            ]
        }
        if let overfitting {
            result["pbo"] = ["probability": overfitting.probability, "probability_of_loss": overfitting.probabilityOfLoss, "splits": overfitting.splits]
        }
        if let realityCheck {
            result["reality_check"] = ["white_p": realityCheck.whitePValue, "spa_p": realityCheck.spaPValue, "resamples": realityCheck.resamples]
        }
        return result
    }

    /// Plain-language verdict lines for a terminal.
    public var lines: [String] {
        var lines: [String] = []
        if let d = deflatedSharpe {
            lines.append(String(format: "deflated Sharpe %.3f over %d trials (best %.3f/day vs %.3f expected from luck): %@", d.probability, d.trials, d.sharpe,
                                d.expectedMaximum, d.isSignificant ? "significant" : "not significant"))
        }
        if let o = overfitting {
            lines.append(String(format: "PBO %.3f over %d CSCV splits (the in-sample best lost money out of sample in %.0f%%)", o.probability, o.splits, o.probabilityOfLoss * 100))
        }
        if let r = realityCheck {
            lines.append(String(format: "reality check p = %.3f (White), %.3f (Hansen SPA): %@", r.whitePValue, r.spaPValue,
                                r.spaPValue < 0.05 ? "the best beats not trading after the search" : "no trial beats not trading once the search is accounted for"))
        }
        return lines + notes
    }
}
