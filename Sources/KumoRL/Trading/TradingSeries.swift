public import KumoCore
import KumoEngine
public import KumoModels

/// One symbol's bars prepared for the trading environment: prices in micros, each bar's
/// settlement year and whether it was locked at a daily price limit, and the feature rows
/// (computed causally over every bar, then normalised) that observations are cut from.
/// Episodes run only over bars inside `from…to` whose feature window is complete.
public struct TradingSeries: Sendable {
    public let symbol: Symbol
    public let market: Market
    public let bars: [Bar]
    /// The feature rows, normalised, `bars.count × features` (zeros where a feature warms up).
    public let features: [Float]
    public let featureCount: Int
    /// The first and last bar an episode may stand on.
    public let first: Int
    public let last: Int
    let settlementYears: [Int]
    /// Whether bar i's low reached the upper limit set by bar i−1's close (no buys fill), or its high the lower (no sells).
    let lockedUp: [Bool]
    let lockedDown: [Bool]

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Prepares `bars` of `symbol`; the window of `window` feature rows ending at a bar must be
    /// complete for an episode to stand on it. `from`/`to` bound the bars episodes may use.
    public init(
        symbol: Symbol, market: Market, bars: [Bar], features specs: [FeatureSpec], normalizer: Normalizer, window: Int, from: Timestamp? = nil, to: Timestamp? = nil
    ) throws(Failure) {
        self.symbol = symbol
        self.market = market
        self.bars = bars
        featureCount = specs.count
        let rows = FeatureBuilder.rows(specs, over: bars)
        var values = [Float](repeating: 0, count: bars.count * specs.count)
        var complete = [Bool](repeating: false, count: bars.count)
        var run = 0
        for (i, row) in rows.enumerated() {
            if row.allSatisfy({ $0?.isFinite ?? false }) {
                run += 1
                let scaled = normalizer.apply(row.map { $0! })
                for j in 0..<specs.count { values[i * specs.count + j] = Float(scaled[j]) }
            } else {
                run = 0
            }
            complete[i] = run >= window
        }
        features = values
        let inRange = bars.indices.filter { i in complete[i] && (from.map { bars[i].time >= $0 } ?? true) && (to.map { bars[i].time <= $0 } ?? true) }
        guard let first = inRange.first, let last = inRange.last, last > first else {
            throw Failure(description: "\(symbol.code): no two bars in range have a full \(window)-bar window of \(specs.map(\.description).joined(separator: ", "))")
        }
        self.first = first
        self.last = last
        settlementYears = bars.map { KRXTransactionCosts.settlementYear(tradeDate: CivilDate($0.time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)) }
        // Limits are based on the last close of an earlier day, as the kernel bases them.
        var up = [Bool](repeating: false, count: bars.count), down = up
        var day: CivilDate?, base: Price?
        for i in bars.indices where market.followsKRXRules {
            let date = CivilDate(bars[i].time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
            if let day, day < date { base = bars[i - 1].close }
            day = date
            guard let base else { continue }
            let (lower, upper) = KRXPriceLimits.limits(base: base, market: market, on: date)
            up[i] = bars[i].low >= upper
            down[i] = bars[i].high <= lower
        }
        lockedUp = up
        lockedDown = down
    }

    /// The feature rows of the bars from `from` to `to` that are complete, raw, for fitting a normaliser.
    public static func trainingRows(_ bars: [Bar], features: [FeatureSpec], from: Timestamp? = nil, to: Timestamp? = nil) -> [[Double]] {
        zip(bars, FeatureBuilder.rows(features, over: bars)).compactMap { bar, row in
            guard (from.map { bar.time >= $0 } ?? true), (to.map { bar.time <= $0 } ?? true), row.allSatisfy({ $0?.isFinite ?? false }) else { return nil }
            return row.map { $0! }
        }
    }
}
