import Foundation
import KumoBacktest
public import KumoCore

/// A walk-forward run's windows and what they add up to.
public struct WalkForwardResult: Sendable {
    public var windows: [WalkForward.Window]
    public var objective: Objective
    public var parameters: [String]

    /// The out-of-sample returns of every window, in order.
    public var stitchedReturns: [Double] { windows.flatMap(\.returns) }
    public var stitchedTimes: [Timestamp] { windows.flatMap(\.times) }

    /// The stitched out-of-sample equity, starting from `cash`.
    public func stitchedEquity(cash: Double) -> [Double] {
        var equity = cash
        return stitchedReturns.map { equity *= 1 + $0; return equity }
    }

    /// Pardo's walk-forward efficiency: the out-of-sample annualised return over the in-sample
    /// one, averaged over windows (near 1: the optimisation carried over; near 0 or below: it fit noise).
    public var efficiency: Double? {
        let pairs = windows.compactMap { window -> (Double, Double)? in
            guard let inSample = window.inSample["cagr"], let outSample = window.outOfSample["cagr"] else { return nil }
            return (inSample, outSample)
        }
        guard !pairs.isEmpty else { return nil }
        let inMean = pairs.map(\.0).reduce(0, +) / Double(pairs.count)
        let outMean = pairs.map(\.1).reduce(0, +) / Double(pairs.count)
        return inMean != 0 ? outMean / inMean : nil
    }

    /// Statistics of the stitched out-of-sample record.
    public var outOfSample: [String: Double] {
        Self.statistics(returns: stitchedReturns, times: stitchedTimes, objective: objective)
    }

    /// How steady each parameter's choice was across windows: distinct values, the share of the
    /// most frequent one, and (for numbers) the coefficient of variation.
    public var stability: [(name: String, chosen: [String], distinct: Int, modeShare: Double, variation: Double?)] {
        parameters.map { name in
            let chosen = windows.compactMap { $0.best?.parameters[name] }
            let counts = Dictionary(grouping: chosen, by: { $0 }).mapValues(\.count)
            let numbers = chosen.compactMap(\.number)
            var variation: Double?
            if numbers.count == chosen.count, numbers.count > 1 {
                let mean = numbers.reduce(0, +) / Double(numbers.count)
                let deviation = (numbers.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(numbers.count - 1)).squareRoot()
                variation = mean != 0 ? deviation / abs(mean) : nil
            }
            return (name, chosen.map(\.description), counts.count, chosen.isEmpty ? 0 : Double(counts.values.max()!) / Double(chosen.count), variation)
        }
    }

    /// Analytics' statistics of a return series stamped with `times`.
    static func statistics(returns: [Double], times: [Timestamp], objective: Objective) -> [String: Double] {
        guard !returns.isEmpty else { return [:] }
        var equity = 1.0
        var curve = [BacktestResult.EquityPoint]()
        for (value, time) in zip(returns, times) {
            equity *= 1 + value
            curve.append(.init(time: time, equity: equity))
        }
        // The curve starts at 1 before the first return, one day earlier.
        let start = BacktestResult.EquityPoint(time: Timestamp(nanoseconds: times[0].nanoseconds - 86_400_000_000_000), equity: 1)
        let result = BacktestResult(initialCash: 1, fills: [], equityCurve: [start] + curve, rejections: [], strategyFailures: [])
        let analytics = Analytics(result)
        var statistics = analytics.dictionary
        statistics["objective"] = objective.value(of: analytics)
        return statistics
    }
}
