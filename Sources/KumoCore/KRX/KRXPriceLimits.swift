/// The daily price limits (가격제한폭): ±30% of the reference price (normally the previous close)
/// since 2015-06-15, ±15% before and on KONEX. The width is the reference price times the rate,
/// cut to whole ticks of the reference price's band: the rule that reproduces KIS's
/// `stck_mxpr`/`stck_llam` on every observed quote.
public enum KRXPriceLimits {
    /// The day the ±30% limit took effect.
    public static let thirtyPercentSince = CivilDate(year: 2015, month: 6, day: 15)!

    /// The limit rate in percent for a market on a date.
    public static func ratePercent(market: Market, on date: CivilDate) -> Int64 {
        market == .konex || date < thirtyPercentSince ? 15 : 30
    }

    /// The lowest and highest prices allowed on a day whose reference price is `base`.
    ///
    /// An upper limit that falls off the tick grid of its own (higher) band is cut to that grid,
    /// so every limit is an orderable price (e.g. base 1,990: width 597, upper 2,587 → 2,585);
    /// this case is not yet confirmed against live quotes.
    public static func limits(base: Price, market: Market = .kospi, kind: SecurityKind = .stock, on date: CivilDate)
        -> (lower: Price, upper: Price)
    {
        precondition(base.micros > 0, "A reference price must be positive, not \(base)")
        let tick = KRXTickSize.tick(for: base, market: market, kind: kind, on: date).micros
        let rate = ratePercent(market: market, on: date)
        let raw = base.micros / 100 * rate + (base.micros % 100) * rate / 100
        let width = raw / tick * tick
        let upper = KRXTickSize.round(Price(micros: base.micros + width), .down, market: market, kind: kind, on: date)
        let lower = KRXTickSize.round(Price(micros: base.micros - width), .up, market: market, kind: kind, on: date)
        return (lower, upper)
    }

    /// Whether an order price lies within the day's limits.
    public static func allows(_ price: Price, base: Price, market: Market = .kospi, kind: SecurityKind = .stock, on date: CivilDate) -> Bool {
        let (lower, upper) = limits(base: base, market: market, kind: kind, on: date)
        return price >= lower && price <= upper
    }
}
