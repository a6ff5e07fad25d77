public import KumoCore

/// What `kumo data quality` finds in a series of bars: errors that make the data unusable as it
/// is, and warnings a trader should look at before trusting a backtest on it.
public struct DataQualityReport: Sendable {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case warning, error
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs == .warning && rhs == .error }
    }

    public enum Kind: String, Sendable, Hashable {
        case inconsistentOHLC = "inconsistent-ohlc"
        case nonPositivePrice = "non-positive-price"
        case duplicateTime = "duplicate-time"
        case outOfOrder = "out-of-order"
        case gap
        case outlierReturn = "outlier-return"
        case zeroVolumeRun = "zero-volume-run"
        case probableSplit = "probable-split"
    }

    /// One finding, at the bar (index and time) where it starts.
    public struct Finding: Sendable, Hashable {
        public var severity: Severity
        public var kind: Kind
        public var index: Int
        public var time: Timestamp
        public var message: String
    }

    public private(set) var findings: [Finding] = []

    /// Whether any finding is an error.
    public var hasErrors: Bool { findings.contains { $0.severity == .error } }

    /// Checks daily or intraday bars in file order.
    /// - Parameters:
    ///   - calendar: trading days, for gaps in daily data: in years whose holidays it all knows every
    ///     missing trading day is reported, elsewhere runs of `minimumGap` or more (5 by default,
    ///     since without holidays Seollal and Chuseok already miss 3 or 4).
    ///   - outlierPercent: a close-to-close move beyond this is an outlier (the KRX limit is 30%).
    public init(
        bars: [Bar], timeframe: Timeframe, calendar: any TradingCalendar = WeekdayCalendar(), utcOffsetSeconds: Int = 9 * 3600,
        outlierPercent: Double = 30, minimumGap: Int = 5
    ) {
        var findings: [Finding] = []
        func add(_ severity: Severity, _ kind: Kind, _ index: Int, _ message: String) {
            findings.append(Finding(severity: severity, kind: kind, index: index, time: bars[index].time, message: message))
        }
        var zeroRunStart: Int?
        for (index, bar) in bars.enumerated() {
            if bar.low.micros <= 0 || bar.open.micros <= 0 || bar.close.micros <= 0 {
                add(.error, .nonPositivePrice, index, "a price is zero or negative (open \(bar.open), low \(bar.low), close \(bar.close))")
            } else if !bar.isConsistent {
                add(.error, .inconsistentOHLC, index, "low ≤ open, close ≤ high does not hold (O \(bar.open) H \(bar.high) L \(bar.low) C \(bar.close))")
            }
            if bar.volume == 0 {
                if zeroRunStart == nil { zeroRunStart = index }
            } else if let start = zeroRunStart {
                add(.warning, .zeroVolumeRun, start, "\(index - start) bar\(index - start == 1 ? "" : "s") without volume (a halt?) until \(Self.label(bars[index - 1].time, utcOffsetSeconds))")
                zeroRunStart = nil
            }
            guard index > 0 else { continue }
            let previous = bars[index - 1]
            if bar.time == previous.time {
                add(.error, .duplicateTime, index, "the same time as the bar before (\(Self.label(bar.time, utcOffsetSeconds)))")
                continue
            }
            if bar.time < previous.time {
                add(.error, .outOfOrder, index, "earlier than the bar before (\(Self.label(previous.time, utcOffsetSeconds)))")
                continue
            }
            if timeframe.unit == .day, timeframe.count == 1 {
                let from = CivilDate(previous.time, utcOffsetSeconds: utcOffsetSeconds)
                let to = CivilDate(bar.time, utcOffsetSeconds: utcOffsetSeconds)
                var missing = 0
                var day = from.adding(days: 1)
                while day < to {
                    if calendar.isTradingDay(day) { missing += 1 }
                    day = day.adding(days: 1)
                }
                // Where the calendar knows every holiday, one missing trading day is a gap.
                let threshold = calendar.isComplete(from.year) && calendar.isComplete(to.year) ? 1 : minimumGap
                if missing >= threshold {
                    add(.warning, .gap, index, "\(missing) trading days missing after \(from)")
                }
            }
            guard previous.close.micros > 0 else { continue }
            let move = (bar.close.doubleValue / previous.close.doubleValue - 1) * 100
            if abs(move) > outlierPercent {
                if let ratio = Self.splitRatio(previous: previous, bar: bar) {
                    add(.warning, .probableSplit, index, "the price jumps by \(Self.percent(move)) with the open: a \(ratio) split or consolidation?")
                } else {
                    add(.warning, .outlierReturn, index, "the close moves \(Self.percent(move)) from the bar before")
                }
            }
        }
        if let start = zeroRunStart {
            add(.warning, .zeroVolumeRun, start, "\(bars.count - start) bars without volume up to the end")
        }
        self.findings = findings
    }

    /// A split (price falls: 3:2, k:1) or consolidation (price rises: 1:k) ratio the overnight
    /// gap matches within 3%, such as "2:1" or "1:50". Consolidations are whole ratios only, so a
    /// +50% news day is an outlier, not a "2:3" consolidation.
    static func splitRatio(previous: Bar, bar: Bar) -> String? {
        let gap = previous.close.doubleValue / bar.open.doubleValue
        let splits: [Double] = [1.5, 2, 3, 4, 5, 10, 20, 25, 50, 100]
        for ratio in splits where abs(gap / ratio - 1) < 0.03 {
            return ratio == 1.5 ? "3:2" : "\(Int(ratio)):1"
        }
        for ratio in splits.dropFirst() where abs(gap * ratio - 1) < 0.03 {
            return "1:\(Int(ratio))"
        }
        return nil
    }

    static func percent(_ value: Double) -> String { (value >= 0 ? "+" : "") + String((value * 10).rounded() / 10) + "%" }

    static func label(_ time: Timestamp, _ offset: Int) -> String { time.isoDate(utcOffsetSeconds: offset) }

    /// One line per finding: `DATE severity kind: message`.
    public func lines(utcOffsetSeconds: Int = 9 * 3600) -> [String] {
        findings.map { "\(Self.label($0.time, utcOffsetSeconds)) \($0.severity.rawValue) \($0.kind.rawValue): \($0.message)" }
    }
}
