public import KumoCore

/// Works a parent order over a day's minute bars: each child fills at the minute's typical price
/// (high + low + close) / 3 when within the parent's limit, up to the parent's cap of the minute's
/// actual volume. The report compares the average price with the arrival price (the first
/// minute's open) and with the market's VWAP over the parent's minutes.
public struct ExecutionSimulator: Sendable {
    public struct Report: Sendable, Hashable {
        public var filled: Int64
        public var averagePrice: Double
        public var arrivalPrice: Double
        public var intervalVWAP: Double
        public var marketVolume: Int64
        /// Signed so a cost is positive: for a buy, paying above the benchmark.
        public var slippageVersusVWAPbp: Double
        public var implementationShortfallbp: Double
        public var participation: Double
        /// Shares filled by minute of the parent's interval.
        public var fills: [Int64]
    }

    public init() {}

    /// Runs `parent` (a buy when `buy`) over one day's minute bars.
    public func run(_ parent: ParentOrder, day bars: [Bar], buy: Bool) -> Report {
        var parent = parent
        var cost = 0.0, marketValue = 0.0
        var arrival: Double?
        var fills: [Int64] = []
        var recent: [Double] = []
        for bar in bars {
            let minute = VolumeProfile.minute(of: bar.time)
            guard minute >= parent.startMinute, minute <= parent.endMinute else { continue }
            let typical = VolumeProfile.typicalPrice(bar)
            if arrival == nil { arrival = bar.open.doubleValue }
            let forecast = VolumeProfile.forecast(parent.algorithm.profile, minute: minute, start: parent.startMinute, recent: recent)
            let wanted = parent.child(at: minute, expectedVolume: forecast)
            // A child priced beyond the limit waits (a buy above its ceiling, a sell below its floor).
            let allowed = parent.limit.map { buy ? typical <= $0 : typical >= $0 } ?? true
            let fill = allowed ? min(wanted, Int64((parent.volumeCap * Double(bar.volume)).rounded(.down))) : 0
            parent.record(filled: fill, marketVolume: bar.volume)
            cost += Double(fill) * typical
            marketValue += Double(bar.volume) * typical
            fills.append(fill)
            recent.append(Double(bar.volume))
        }
        let average = parent.filled > 0 ? cost / Double(parent.filled) : 0
        let vwap = parent.marketVolume > 0 ? marketValue / Double(parent.marketVolume) : 0
        let sign = buy ? 1.0 : -1.0
        return Report(
            filled: parent.filled, averagePrice: average, arrivalPrice: arrival ?? 0, intervalVWAP: vwap, marketVolume: parent.marketVolume,
            slippageVersusVWAPbp: vwap > 0 ? sign * (average / vwap - 1) * 10_000 : 0,
            implementationShortfallbp: (arrival ?? 0) > 0 ? sign * (average / arrival! - 1) * 10_000 : 0,
            participation: parent.marketVolume > 0 ? Double(parent.filled) / Double(parent.marketVolume) : 0, fills: fills)
    }

}
