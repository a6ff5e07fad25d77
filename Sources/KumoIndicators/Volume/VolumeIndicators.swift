/// On-balance volume: the running total of volume, added on up closes and subtracted on down
/// closes; starts at the first bar's volume (TA-Lib). No warm-up.
public struct OBV: Indicator, Sendable, Hashable {
    private var total: Double?
    private var previousClose = 0.0

    public init() {}

    public mutating func update(_ bar: IndicatorBar) -> Double? {
        defer { previousClose = bar.close }
        guard var running = total else {
            total = bar.volume
            return bar.volume
        }
        if bar.close > previousClose { running += bar.volume } else if bar.close < previousClose { running -= bar.volume }
        total = running
        return running
    }
}

/// Session-anchored volume-weighted average price: Σ(typical price × volume) / Σ volume since the
/// session began. Call ``startSession()`` at each session's first bar (the engine does, from the
/// KRX calendar). nil until a bar with volume arrives.
public struct VWAP: Indicator, Sendable, Hashable {
    private var weighted = 0.0
    private var volume = 0.0

    public init() {}

    /// Starts a new session: the next bar is the first of the average.
    public mutating func startSession() {
        weighted = 0
        volume = 0
    }

    public mutating func update(_ bar: IndicatorBar) -> Double? {
        weighted += bar.typicalPrice * bar.volume
        volume += bar.volume
        return volume > 0 ? weighted / volume : nil
    }
}

/// The highest value of a bar field over `period` bars (TA-Lib MAX). Warm-up: period − 1 bars.
public struct Highest: Indicator, Sendable, Hashable {
    private var extreme: RollingExtreme
    private let field: BarField

    public init(period: Int, of field: BarField = .high) {
        extreme = RollingExtreme(period: period, kind: .highest)
        self.field = field
    }

    public mutating func update(_ bar: IndicatorBar) -> Double? { extreme.update(field.value(of: bar)) }
}

/// The lowest value of a bar field over `period` bars (TA-Lib MIN). Warm-up: period − 1 bars.
public struct Lowest: Indicator, Sendable, Hashable {
    private var extreme: RollingExtreme
    private let field: BarField

    public init(period: Int, of field: BarField = .low) {
        extreme = RollingExtreme(period: period, kind: .lowest)
        self.field = field
    }

    public mutating func update(_ bar: IndicatorBar) -> Double? { extreme.update(field.value(of: bar)) }
}
