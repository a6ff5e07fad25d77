public import KumoCore

/// The simulated exchange's assumptions, each named and configurable.
///
/// - Orders placed on a bar's close trade from the next bar of their symbol.
/// - Market orders fill at the open, which on a daily bar is the opening single-price auction;
///   market-on-close orders fill at the close of a bar that holds the closing auction (a daily
///   bar, or an intraday bar starting at or after 15:20 KST).
/// - Intrabar path: a bar is assumed to trade open → the extreme nearer the open → the other
///   extreme → close (ties go low first); limits, stops and trailing stops trigger where that
///   path first reaches them, at their own price, or at the open when it gaps through.
/// - Partial fills: at most `volumeShare` of a bar's volume fills per order per bar.
/// - Price limits: orders naming a price outside the day's ±30% band are rejected; a bar locked
///   at the upper limit (its low is the limit) fills no buys, one locked at the lower limit no sells.
public struct VenueModel: Sendable, Hashable {
    public var slippage: SlippageModel
    /// The largest share of a bar's volume one order may take in that bar; nil for no cap.
    public var volumeShare: Double?
    /// Whether bars locked at a daily limit refuse fills on the crowded side.
    public var lockedLimitBlocksFills: Bool

    public init(slippage: SlippageModel = .none, volumeShare: Double? = nil, lockedLimitBlocksFills: Bool = true) {
        precondition(volumeShare.map { $0 > 0 && $0 <= 1 } ?? true, "A volume share is in (0, 1], not \(volumeShare!)")
        self.slippage = slippage
        self.volumeShare = volumeShare
        self.lockedLimitBlocksFills = lockedLimitBlocksFills
    }

    /// The bar's prices in the assumed order of trading.
    public static func path(_ bar: Bar) -> [Price] {
        let lowFirst = bar.open.micros - bar.low.micros <= bar.high.micros - bar.open.micros
        return lowFirst ? [bar.open, bar.low, bar.high, bar.close] : [bar.open, bar.high, bar.low, bar.close]
    }

    /// The most of an order that can fill in `bar`.
    func capacity(_ bar: Bar) -> Int64 {
        guard let volumeShare else { return .max }
        return Int64((Double(bar.volume) * volumeShare).rounded(.down))
    }
}
