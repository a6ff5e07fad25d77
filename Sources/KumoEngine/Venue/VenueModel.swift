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
/// - Two venues (with `nextradeShare`): Nextrade trades that share of each bar's volume and KRX the
///   rest; an order routed to one venue fills from its share only (SOR from both). After each bar
///   both venues show a five-level book around the close sized by their shares, for smart routing.
public struct VenueModel: Sendable, Hashable {
    public var slippage: SlippageModel
    /// The largest share of a bar's volume one order may take in that bar; nil for no cap.
    public var volumeShare: Double?
    /// Whether bars locked at a daily limit refuse fills on the crowded side.
    public var lockedLimitBlocksFills: Bool
    /// Nextrade's share of each bar's volume, in (0, 1); nil: KRX alone.
    public var nextradeShare: Double?

    public init(slippage: SlippageModel = .none, volumeShare: Double? = nil, lockedLimitBlocksFills: Bool = true, nextradeShare: Double? = nil) {
        precondition(volumeShare.map { $0 > 0 && $0 <= 1 } ?? true, "A volume share is in (0, 1], not \(volumeShare!)")
        precondition(nextradeShare.map { $0 > 0 && $0 < 1 } ?? true, "Nextrade's share is in (0, 1), not \(nextradeShare!)")
        self.nextradeShare = nextradeShare
        self.slippage = slippage
        self.volumeShare = volumeShare
        self.lockedLimitBlocksFills = lockedLimitBlocksFills
    }

    /// The bar's prices in the assumed order of trading.
    public static func path(_ bar: Bar) -> [Price] {
        let lowFirst = bar.open.micros - bar.low.micros <= bar.high.micros - bar.open.micros
        return lowFirst ? [bar.open, bar.low, bar.high, bar.close] : [bar.open, bar.high, bar.low, bar.close]
    }

    /// `price` made worse by the slippage model for an order of `side` (buys up, sells down), kept
    /// inside the bar and `limit`, on the tick grid: the price a fill of `quantity` gets in `bar`.
    public func slipped(_ price: Price, side: OrderSide, limit: Price?, quantity: Int64, bar: Bar, market: Market, date: CivilDate) -> Price {
        let tick = market.followsKRXRules ? KRXTickSize.tick(for: price, market: market, on: date) : Price(micros: 10_000)
        let amount = slippage.amount(price: price, quantity: quantity, bar: bar, tick: tick)
        guard amount > 0 else { return price }
        var moved = Price(micros: side == .buy ? price.micros + amount : price.micros - amount)
        if market.followsKRXRules { moved = KRXTickSize.round(moved, side == .buy ? .up : .down, market: market, on: date) }
        moved = min(max(moved, bar.low), bar.high)
        if let limit { moved = side == .buy ? min(moved, limit) : max(moved, limit) }
        return moved
    }

    /// The most of an order that can fill in `bar`: its venue's share of the volume, capped by `volumeShare`.
    public func capacity(_ bar: Bar, route: OrderRoute? = nil) -> Int64 {
        var volume = Double(bar.volume)
        if let nextradeShare {
            switch route ?? .krx {
            case .krx: volume *= 1 - nextradeShare
            case .nxt: volume *= nextradeShare
            case .sor: break
            }
            if volumeShare == nil { return Int64(volume.rounded(.down)) }
        }
        guard let volumeShare else { return .max }
        return Int64((volume * volumeShare).rounded(.down))
    }

    /// The book `venue` shows after `bar` when two venues are modelled: five levels a side around
    /// the close (bids from the close down, asks from a tick up), each level a tenth of the venue's
    /// share of the bar's volume times its depth.
    func book(after bar: Bar, on venue: TradingVenue, tick: Price) -> Quote? {
        guard let nextradeShare else { return nil }
        let share = venue == .nxt ? nextradeShare : 1 - nextradeShare
        let size = max(1, Int64((Double(bar.volume) * share / 10).rounded(.down)))
        return Quote(
            time: bar.time,
            bids: (1...5).map { Quote.Level(price: Price(micros: bar.close.micros - Int64($0 - 1) * tick.micros), quantity: size * Int64($0)) },
            asks: (1...5).map { Quote.Level(price: Price(micros: bar.close.micros + Int64($0) * tick.micros), quantity: size * Int64($0)) })
    }
}
