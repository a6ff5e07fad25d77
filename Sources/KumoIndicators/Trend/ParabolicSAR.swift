/// Wilder's parabolic stop-and-reverse, as TA-Lib computes it: the first direction from the
/// first two bars' directional movement, `acceleration` added on each new extreme up to `maximum`.
/// Warm-up: 1 bar.
public struct ParabolicSAR: Indicator, Sendable, Hashable {
    public let acceleration: Double
    public let maximum: Double
    private var first: IndicatorBar?
    private var isLong = true
    private var sar = 0.0
    private var extreme = 0.0
    private var factor = 0.0
    private var lastHigh = 0.0
    private var lastLow = 0.0
    private var started = false

    public init(acceleration: Double = 0.02, maximum: Double = 0.2) {
        precondition(acceleration > 0 && maximum >= acceleration, "SAR needs 0 < acceleration <= maximum")
        self.acceleration = acceleration
        self.maximum = maximum
        factor = acceleration
    }

    public mutating func update(_ bar: IndicatorBar) -> Double? {
        if !started {
            guard let first else {
                self.first = bar
                return nil
            }
            let up = bar.high - first.high
            let down = first.low - bar.low
            isLong = !(down > 0 && up < down)
            extreme = isLong ? bar.high : bar.low
            sar = isLong ? first.low : first.high
            lastHigh = bar.high
            lastLow = bar.low
            started = true
        }
        let previousLow = lastLow
        let previousHigh = lastHigh
        lastLow = bar.low
        lastHigh = bar.high
        let output: Double
        if isLong {
            if bar.low <= sar {  // reverse to short
                isLong = false
                sar = max(extreme, previousHigh, bar.high)
                output = sar
                factor = acceleration
                extreme = bar.low
                sar = max(sar + factor * (extreme - sar), previousHigh, bar.high)
            } else {
                output = sar
                if bar.high > extreme {
                    extreme = bar.high
                    factor = min(factor + acceleration, maximum)
                }
                sar = min(sar + factor * (extreme - sar), previousLow, bar.low)
            }
        } else {
            if bar.high >= sar {  // reverse to long
                isLong = true
                sar = min(extreme, previousLow, bar.low)
                output = sar
                factor = acceleration
                extreme = bar.high
                sar = min(sar + factor * (extreme - sar), previousLow, bar.low)
            } else {
                output = sar
                if bar.low < extreme {
                    extreme = bar.low
                    factor = min(factor + acceleration, maximum)
                }
                sar = max(sar + factor * (extreme - sar), previousHigh, bar.high)
            }
        }
        return output
    }
}
