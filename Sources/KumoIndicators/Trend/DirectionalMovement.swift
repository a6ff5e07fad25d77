/// Wilder's directional movement system, step for step as TA-Lib computes it: +DI and −DI from
/// Wilder-smoothed directional movement and true range, and ADX, the smoothed DX.
/// Warm-up: `period` bars for the DIs, 2·period − 1 for ADX.
public struct DirectionalMovement: Indicator, Sendable, Hashable {
    public struct Value: Sendable, Hashable {
        public var plusDI: Double
        public var minusDI: Double
        /// nil until 2·period − 1 bars have been seen.
        public var adx: Double?
    }

    public let period: Int
    private var previous: IndicatorBar?
    private var seen = 0
    private var plusDM = 0.0
    private var minusDM = 0.0
    private var range = 0.0
    private var dxTotal = 0.0
    private var adx: Double?

    public init(period: Int = 14) {
        precondition(period >= 2, "ADX needs a period of at least 2, not \(period)")
        self.period = period
    }

    public mutating func update(_ bar: IndicatorBar) -> Value? {
        defer {
            previous = bar
            seen += 1
        }
        guard let previous else { return nil }
        let n = Double(period)
        let up = bar.high - previous.high
        let down = previous.low - bar.low
        let trueRange = trueRange(high: bar.high, low: bar.low, previousClose: previous.close)
        if seen < period {  // bars 1 … period − 1: plain sums
            if down > 0 && up < down { minusDM += down } else if up > 0 && up > down { plusDM += up }
            range += trueRange
            return nil
        }
        minusDM -= minusDM / n
        plusDM -= plusDM / n
        if down > 0 && up < down { minusDM += down } else if up > 0 && up > down { plusDM += up }
        range = range - range / n + trueRange
        guard !isTALibZero(range) else {
            return Value(plusDI: 0, minusDI: 0, adx: seen >= 2 * period - 1 ? adx : nil)
        }
        let minusDI = 100.0 * (minusDM / range)
        let plusDI = 100.0 * (plusDM / range)
        let sum = minusDI + plusDI
        let dx: Double? = isTALibZero(sum) ? nil : 100.0 * (abs(minusDI - plusDI) / sum)
        if seen < 2 * period - 1 {
            dxTotal += dx ?? 0
        } else if seen == 2 * period - 1 {
            dxTotal += dx ?? 0
            adx = dxTotal / n
        } else if let dx, let current = adx {
            adx = (current * (n - 1) + dx) / n
        }
        return Value(plusDI: plusDI, minusDI: minusDI, adx: adx)
    }
}
