import Foundation
public import KumoCore

/// Impact parameters for ``AlmgrenChriss`` from market data, by Almgren and Chriss's own rule
/// (2000, §4): the fixed cost is half the spread; trading 1% of the daily volume in a day costs
/// one spread of temporary impact (η = s / (0.01·V)); trading 10% of it moves the price one
/// spread for good (γ = s / (0.1·V)). The spread comes from minute highs and lows by Corwin and
/// Schultz (2012), never under one KRX tick; σ is the standard deviation of minute closes' changes.
public struct ImpactModel: Sendable, Hashable {
    public var spread: Double
    public var dailyVolume: Double
    /// Price units per √minute.
    public var volatility: Double

    public init(spread: Double, dailyVolume: Double, volatility: Double) {
        self.spread = spread
        self.dailyVolume = dailyVolume
        self.volatility = volatility
    }

    /// Estimates from whole days of minute bars.
    public init(estimating bars: [Bar]) {
        let days = VolumeProfile.days(bars)
        dailyVolume = days.map { Double($0.reduce(0) { $0 + $1.volume }) }.reduce(0, +) / Double(max(days.count, 1))
        var changes: [Double] = []
        var spreads: [Double] = []
        for day in days {
            for (previous, bar) in zip(day, day.dropFirst()) {
                changes.append(bar.close.doubleValue - previous.close.doubleValue)
                if let relative = Self.corwinSchultz(previous, bar) { spreads.append(relative * bar.close.doubleValue) }
            }
        }
        let mean = changes.reduce(0, +) / Double(max(changes.count, 1))
        volatility = (changes.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(changes.count - 1, 1))).squareRoot()
        let last = bars.last
        let tick = last.map { KRXTickSize.tick(for: $0.close, on: CivilDate($0.time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)).doubleValue } ?? 0
        let estimated = spreads.isEmpty ? 0 : spreads.reduce(0, +) / Double(spreads.count)
        spread = max(estimated, tick)
    }

    /// The relative spread of two consecutive bars by Corwin and Schultz (2012); nil when a bar has
    /// no range. Negative estimates are 0, as the paper advises.
    public static func corwinSchultz(_ first: Bar, _ second: Bar) -> Double? {
        let (h1, l1, h2, l2) = (first.high.doubleValue, first.low.doubleValue, second.high.doubleValue, second.low.doubleValue)
        guard l1 > 0, l2 > 0, h1 >= l1, h2 >= l2 else { return nil }
        let beta = pow(log(h1 / l1), 2) + pow(log(h2 / l2), 2)
        let gamma = pow(log(max(h1, h2) / min(l1, l2)), 2)
        let k = 3 - 2 * 2.0.squareRoot()
        let alpha = ((2 * beta).squareRoot() - beta.squareRoot()) / k - (gamma / k).squareRoot()
        return max(0, 2 * (exp(alpha) - 1) / (1 + exp(alpha)))
    }

    /// ε: half the spread.
    public var fixedCost: Double { spread / 2 }
    /// η, per share per share-per-day of trading rate.
    public var temporaryImpactPerDay: Double { spread / (0.01 * dailyVolume) }
    /// γ, per share.
    public var permanentImpact: Double { spread / (0.1 * dailyVolume) }

    /// The model for `shares` over `minutes` minutes at urgency λ, in minute units. η is rescaled from
    /// days: a rate of v shares a minute is 381·v a day over KRX's session, so η per minute is 381·η per day.
    public func model(shares: Double, minutes: Int, riskAversion: Double, sessionMinutes: Double = 381) -> AlmgrenChriss {
        AlmgrenChriss(
            shares: shares, periods: minutes, tau: 1, volatility: volatility, fixedCost: fixedCost, temporaryImpact: temporaryImpactPerDay * sessionMinutes,
            permanentImpact: permanentImpact, riskAversion: riskAversion)
    }
}
