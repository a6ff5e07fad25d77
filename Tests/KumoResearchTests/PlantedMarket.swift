import Foundation
import KumoCore
import KumoEngine
import KumoResearch
import KumoScripting

/// A synthetic daily market with an edge planted at one lag: `r[t] = φ r[t − 5] + ε`, ε normal
/// with σ = 1%, opens at the previous close (no gaps), so a strategy long the day after a rise
/// five bars back earns φ's share of the moves and every other lag trades noise.
enum PlantedMarket {
    static let symbol = Symbol("PLANT")!
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let strategy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/lag_sign.lua")

    static func bars(days: Int, phi: Double, seed: UInt64) -> [Bar] {
        var generator = SplitMix64(seed: seed)
        func normal() -> Double {
            let u = Double.random(in: Double.ulpOfOne..<1, using: &generator)
            let v = Double.random(in: 0..<1, using: &generator)
            return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }
        var returns: [Double] = []
        var close = 10_000.0
        var bars: [Bar] = []
        for day in 0..<days {
            let r = (returns.count >= 5 ? phi * returns[returns.count - 5] : 0) + 0.01 * normal()
            returns.append(r)
            let open = close
            close = open * (1 + r)
            let high = max(open, close) * 1.002
            let low = min(open, close) * 0.998
            func price(_ value: Double) -> Price { Price(micros: Int64((value * 100).rounded()) * 10_000) }
            bars.append(Bar(
                time: Timestamp(seconds: Int64(day) * 86_400 + 6 * 3600), open: price(open), high: price(high), low: price(low), close: price(close),
                volume: 10_000_000))
        }
        return bars
    }

    /// A runner over the planted (or, with φ = 0, pure-noise) market; no sell tax, so the edge is
    /// not eaten by the cost of trading every other day.
    static func runner(phi: Double, days: Int = 1500, seed: UInt64 = 7) -> StrategyTrialRunner {
        var configuration = EngineConfiguration()
        configuration.costs = CostModel(sellTax: Rate(partsPerBillion: 0))
        return StrategyTrialRunner(
            file: strategy, roots: ScriptRoots(project: root), series: [(symbol, bars(days: days, phi: phi, seed: seed))],
            configuration: configuration)
    }
}
