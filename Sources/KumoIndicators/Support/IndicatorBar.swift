/// The prices and volume of one bar as indicators read them: binary floating point, since
/// indicators and analytics are statistics, not money.
public struct IndicatorBar: Sendable, Hashable {
    public var open: Double
    public var high: Double
    public var low: Double
    public var close: Double
    public var volume: Double

    public init(open: Double, high: Double, low: Double, close: Double, volume: Double = 0) {
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }

    /// (high + low + close) / 3, the price CCI, MFI and VWAP use.
    public var typicalPrice: Double { (high + low + close) / 3 }
}

/// A field of a bar an indicator can read.
public enum BarField: String, Sendable, Hashable, CaseIterable {
    case open, high, low, close, volume, typical

    public func value(of bar: IndicatorBar) -> Double {
        switch self {
        case .open: bar.open
        case .high: bar.high
        case .low: bar.low
        case .close: bar.close
        case .volume: bar.volume
        case .typical: bar.typicalPrice
        }
    }
}

/// A streaming indicator: O(1) work per bar (O(period) for the few that TA-Lib recomputes over
/// their window, such as WMA and linear regression), constant memory, `nil` while warming up.
public protocol Indicator {
    associatedtype Output
    /// Feeds the next bar and returns the value for it, or `nil` during warm-up.
    mutating func update(_ bar: IndicatorBar) -> Output?
}

extension Indicator {
    /// Runs the indicator over `bars` from a fresh state: the batch form, one output per bar.
    public func values(over bars: some Sequence<IndicatorBar>) -> [Output?] {
        var copy = self
        return bars.map { copy.update($0) }
    }
}

/// An indicator of one series (the close, unless told otherwise).
public protocol SeriesIndicator: Indicator {
    /// Feeds the next value of the series.
    mutating func update(value: Double) -> Output?
}

extension SeriesIndicator {
    public mutating func update(_ bar: IndicatorBar) -> Output? { update(value: bar.close) }

    /// Runs the indicator over a series from a fresh state.
    public func values(over series: [Double]) -> [Output?] {
        var copy = self
        return series.map { copy.update(value: $0) }
    }
}

/// TA-Lib treats magnitudes below 1e-8 as zero when it divides.
@inline(__always) func isTALibZero(_ value: Double) -> Bool { value > -0.000_000_01 && value < 0.000_000_01 }
