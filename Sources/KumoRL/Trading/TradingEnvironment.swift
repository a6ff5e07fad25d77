import Foundation
import KumoCore
public import KumoEngine

/// The backtester as a vectorised RL environment. Each of `count` accounts trades one symbol over
/// an episode of consecutive bars drawn at random from the training range. An action at a bar's
/// close sets a target weight; the order it implies fills as `kumo backtest` fills a market
/// order: at the next bar's open (after the venue's slippage), refused whole when cash cannot
/// cover it and its costs, not at all in a bar locked at the limit on its side, at most the
/// venue's volume share (the rest expires, as a DAY order's would), with the configuration's
/// commission and KRX sell tax cut to whole won. The target is sized as `ctx:target_percent`
/// sizes it: ⌊weight × equity / close⌋ shares. Money is kept in micros as the kernel keeps it.
///
/// Observations: the window of normalised feature rows ending at the bar, then the position's
/// weight, cash's weight and the unrealised P&L over equity.
public final class TradingEnvironment: VectorEnvironment {
    public let count: Int
    public let observationSize: Int
    public let actionSpace: ActionSpace
    public let series: [TradingSeries]
    public let settings: TradingSettings
    public let configuration: EngineConfiguration
    public private(set) var observations: [Float]
    public private(set) var rewards: [Float]
    public private(set) var terminated: [Bool]
    public private(set) var truncated: [Bool]
    public private(set) var finalObservations: [Float]
    public private(set) var episodeReturns: [Double] = []
    /// Each account's equity at its current bar's close, in won.
    public private(set) var equity: [Double]
    /// For an account whose episode ended at the last step, its equity at the end.
    public private(set) var finalEquity: [Double]
    /// Shares held by each account.
    public private(set) var positions: [Int64]
    /// Fills so far (all episodes), and the value they traded in won.
    public private(set) var fills = 0
    public private(set) var tradedValue = 0.0

    private let featureWidth: Int
    private let levels: [Double]
    private var random: RandomSource
    private var seriesIndex: [Int]
    private var cursor: [Int]
    private var stepsTaken: [Int]
    private var cash: [Int64]
    private var costBasis: [Int64]
    private var peak: [Double]
    private var sharpeA: [Double]
    private var sharpeB: [Double]
    private var running: [Double]
    /// Cumulative start positions per series, for drawing a start uniformly over all of them.
    private let startWeights: [Int]
    /// Set: every account starts at its series' first bar and runs to its last (evaluation).
    private let sequential: Bool

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// `count` accounts over `series`, each starting episodes with the configuration's cash.
    /// `sequential` runs account i over series i % series.count from its first bar to its last.
    public init(series: [TradingSeries], count: Int, settings: TradingSettings, configuration: EngineConfiguration = EngineConfiguration(), sequential: Bool = false) throws(Failure) {
        if let problem = settings.problem { throw Failure(description: problem) }
        guard !series.isEmpty, count > 0 else { throw Failure(description: "the environment needs at least one series and one account") }
        guard let width = series.first?.featureCount, series.allSatisfy({ $0.featureCount == width }) else { throw Failure(description: "every series must carry the same features") }
        guard configuration.cash.micros > 0 else { throw Failure(description: "cash must be positive") }
        self.count = count
        self.series = series
        self.settings = settings
        self.configuration = configuration
        self.sequential = sequential
        featureWidth = width
        observationSize = settings.window * width + 3
        actionSpace = settings.actionSpace
        levels = if case .levels(let l) = settings.actions { l } else { [] }
        random = RandomSource(seed: settings.seed)
        var total = 0
        startWeights = series.map { s in
            total += max(1, s.last - s.first - settings.episodeLength + 1)
            return total
        }
        observations = [Float](repeating: 0, count: count * observationSize)
        finalObservations = observations
        rewards = [Float](repeating: 0, count: count)
        terminated = [Bool](repeating: false, count: count)
        truncated = terminated
        equity = [Double](repeating: 0, count: count)
        finalEquity = equity
        positions = [Int64](repeating: 0, count: count)
        seriesIndex = [Int](repeating: 0, count: count)
        cursor = seriesIndex
        stepsTaken = seriesIndex
        cash = positions
        costBasis = positions
        peak = equity
        sharpeA = equity
        sharpeB = equity
        running = equity
        reset()
    }

    public var initialCash: Double { configuration.cash.doubleValue }

    public func reset() {
        for i in 0..<count { begin(i) }
    }

    /// Starts account `i`'s next episode: a random series and start (or, sequential, its own series from the first bar).
    private func begin(_ i: Int) {
        if sequential {
            seriesIndex[i] = i % series.count
            cursor[i] = series[seriesIndex[i]].first
        } else {
            let draw = random.index(below: startWeights.last!)
            let s = startWeights.firstIndex { draw < $0 }!
            seriesIndex[i] = s
            let span = max(1, series[s].last - series[s].first - settings.episodeLength + 1)
            cursor[i] = series[s].first + random.index(below: span)
        }
        stepsTaken[i] = 0
        cash[i] = configuration.cash.micros
        positions[i] = 0
        costBasis[i] = 0
        equity[i] = configuration.cash.doubleValue
        peak[i] = equity[i]
        // The differential Sharpe ratio's moments start from a prior of 1% a day: from zero, the
        // first steps divide by a vanishing variance.
        sharpeA[i] = 0
        sharpeB[i] = 1e-4
        running[i] = 0
        observe(i, into: &observations)
    }

    /// The target weight an action asks for.
    @inline(__always) private func weight(_ actions: ActionBatch, _ i: Int) -> Double {
        switch actions {
        case .discrete(let choices): levels[choices[i]]
        case .continuous(let values): min(max(Double(values[i]), 0), 1)
        }
    }

    public func step(_ actions: ActionBatch) {
        switch actions {
        case .discrete(let choices): precondition(choices.count == count && !levels.isEmpty, "one level index per account")
        case .continuous(let values): precondition(values.count == count && levels.isEmpty, "one weight per account")
        }
        for i in 0..<count {
            let s = series[seriesIndex[i]]
            let t = cursor[i]
            let before = equity[i]
            let close = s.bars[t].close
            let target = Int64((weight(actions, i) * before / close.doubleValue).rounded(.down))
            let traded = trade(i, change: target - positions[i], in: s, at: t + 1)
            let next = t + 1
            cursor[i] = next
            stepsTaken[i] += 1
            let after = Self.equity(cash: cash[i], shares: positions[i], close: s.bars[next].close)
            equity[i] = after
            var reward: Double
            switch settings.reward {
            case .pnl: reward = (after - before) / initialCash
            case .logReturn: reward = after > 0 && before > 0 ? log(after / before) : -1
            case .differentialSharpe:
                let r = before > 0 ? after / before - 1 : -1
                let (a, b) = (sharpeA[i], sharpeB[i])
                let variance = b - a * a
                reward = variance > 1e-12 ? (b * (r - a) - 0.5 * a * (r * r - b)) / (variance * variance.squareRoot()) : 0
                sharpeA[i] = a + settings.sharpeRate * (r - a)
                sharpeB[i] = b + settings.sharpeRate * (r * r - b)
            }
            if settings.costPenalty > 0, before > 0 { reward -= settings.costPenalty * traded / before }
            let drawdownBefore = 1 - before / peak[i]
            peak[i] = max(peak[i], after)
            if settings.drawdownPenalty > 0 { reward -= settings.drawdownPenalty * max(0, (1 - after / peak[i]) - drawdownBefore) }
            reward *= settings.rewardScale
            rewards[i] = Float(reward)
            running[i] += reward
            terminated[i] = after < settings.ruin * initialCash
            truncated[i] = !terminated[i] && (next >= s.last || (!sequential && stepsTaken[i] >= settings.episodeLength))
            if terminated[i] || truncated[i] {
                observe(i, into: &finalObservations)
                episodeReturns.append(running[i])
                finalEquity[i] = after
                begin(i)
            } else {
                observe(i, into: &observations)
            }
        }
    }

    /// Fills account `i`'s order for `change` shares in bar `t` as the kernel would; returns the value traded.
    private func trade(_ i: Int, change: Int64, in s: TradingSeries, at t: Int) -> Double {
        guard change != 0 else { return 0 }
        let side: OrderSide = change > 0 ? .buy : .sell
        if configuration.venue.lockedLimitBlocksFills, side == .buy ? s.lockedUp[t] : s.lockedDown[t] { return 0 }
        let bar = s.bars[t]
        let quantity = min(abs(change), configuration.venue.capacity(bar))
        guard quantity > 0 else { return 0 }
        let date = CivilDate(bar.time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        let price = configuration.venue.slipped(bar.open, side: side, limit: nil, quantity: quantity, bar: bar, market: s.market, date: date)
        let (notional, overflow) = price.micros.multipliedReportingOverflow(by: quantity)
        guard !overflow else { return 0 }
        let (commission, tax) = configuration.costs.costs(side: side, notional: Price(micros: notional), market: s.market, settlementYear: s.settlementYears[t])
        if side == .buy {
            guard notional + commission.micros + tax.micros <= cash[i] else { return 0 }  // refused whole, as the kernel refuses it
            cash[i] -= notional + commission.micros + tax.micros
            positions[i] += quantity
            costBasis[i] += notional
        } else {
            let released = Int64(Int128(costBasis[i]) * Int128(quantity) / Int128(positions[i]))
            cash[i] += notional - commission.micros - tax.micros
            positions[i] -= quantity
            costBasis[i] -= released
        }
        fills += 1
        let value = Double(notional) / Double(Price.scale)
        tradedValue += value
        return value
    }

    /// Cash plus shares at `close`, summed exactly in micros, as the kernel's portfolio sums it.
    @inline(__always) static func equity(cash: Int64, shares: Int64, close: Price) -> Double {
        let total = Int128(cash) + Int128(close.micros) * Int128(shares)
        if let narrow = Int64(exactly: total) { return Double(narrow) / Double(Price.scale) }
        return Double(total) / Double(Price.scale)
    }

    /// Writes account `i`'s observation at its cursor into `buffer`.
    private func observe(_ i: Int, into buffer: inout [Float]) {
        let s = series[seriesIndex[i]]
        let t = cursor[i]
        let base = i * observationSize
        let width = settings.window * featureWidth
        let start = (t - settings.window + 1) * featureWidth
        buffer.withUnsafeMutableBufferPointer { out in
            s.features.withUnsafeBufferPointer { features in
                (out.baseAddress! + base).update(from: features.baseAddress! + start, count: width)
            }
            let value = equity[i] > 0 ? equity[i] : 1
            let held = Double(Int128(s.bars[t].close.micros) * Int128(positions[i])) / Double(Price.scale)
            out[base + width] = Float(held / value)
            out[base + width + 1] = Float(Double(cash[i]) / Double(Price.scale) / value)
            out[base + width + 2] = Float((held - Double(costBasis[i]) / Double(Price.scale)) / value)
        }
    }
}
