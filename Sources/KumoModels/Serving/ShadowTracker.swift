public import KumoCore

/// A shadow beside production on the same events: both signals are recorded per symbol and bar,
/// and once the label horizon has passed, the realized return scores both online: information
/// coefficient, hit rate and a virtual P&L (Σ sign(signal) × realized return, per unit).
public struct ShadowTracker: Sendable {
    public struct Comparison: Sendable, Hashable {
        public var samples: Int
        public var productionIC: Double
        public var shadowIC: Double
        public var productionHitRate: Double
        public var shadowHitRate: Double
        public var productionPnL: Double
        public var shadowPnL: Double
    }

    public struct Record: Sendable, Hashable {
        public var symbol: Symbol
        public var time: Timestamp
        public var production: Double
        public var shadow: Double
        public var realized: Double?
    }

    public let horizon: Int
    public private(set) var records: [Record] = []
    /// Per symbol: indexes into `records` waiting for their outcome, with the close they started from.
    private var pending: [Symbol: [(record: Int, close: Double, barsLeft: Int)]] = [:]

    public init(horizon: Int) { self.horizon = horizon }

    /// A new bar of `symbol` closed at `close`: settles records whose horizon it completes.
    public mutating func barClosed(_ symbol: Symbol, close: Double) {
        guard var waiting = pending[symbol] else { return }
        for i in waiting.indices { waiting[i].barsLeft -= 1 }
        for item in waiting where item.barsLeft == 0 { records[item.record].realized = close / item.close - 1 }
        pending[symbol] = waiting.filter { $0.barsLeft > 0 }
    }

    /// Both models' signals for `symbol` at the bar that closed at `close`.
    public mutating func record(_ symbol: Symbol, time: Timestamp, close: Double, production: Double, shadow: Double) {
        records.append(Record(symbol: symbol, time: time, production: production, shadow: shadow))
        pending[symbol, default: []].append((records.count - 1, close, horizon))
    }

    public var comparison: Comparison {
        let settled = records.filter { $0.realized != nil }
        let outcome = settled.map { $0.realized! }
        func pnl(_ signals: [Double]) -> Double { zip(signals, outcome).reduce(0) { $0 + ($1.0 > 0 ? 1 : $1.0 < 0 ? -1 : 0) * $1.1 } }
        let production = settled.map(\.production), shadow = settled.map(\.shadow)
        return Comparison(
            samples: settled.count, productionIC: ModelMetrics.rankCorrelation(production, outcome), shadowIC: ModelMetrics.rankCorrelation(shadow, outcome),
            productionHitRate: ModelMetrics.hitRate(production, outcome), shadowHitRate: ModelMetrics.hitRate(shadow, outcome), productionPnL: pnl(production),
            shadowPnL: pnl(shadow))
    }
}
