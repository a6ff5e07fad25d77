/// KRX price ticks (호가가격단위), by date: the unified table of 2023-01-25 for KOSPI, KOSDAQ and
/// KONEX, the older per-market tables before it (for backtests), and a flat 5 won for ETFs,
/// ETNs and ELWs. Bands include their lower bound and exclude their upper one.
public enum KRXTickSize {
    /// One band: prices from `from` (inclusive) up to the next band's `from` move by `tick`.
    public struct Band: Sendable, Hashable {
        public var from: Int64
        public var tick: Int64
    }

    /// The day the unified table took effect.
    public static let unifiedSince = CivilDate(year: 2023, month: 1, day: 25)!

    public static let unified: [Band] = bands([(0, 1), (2000, 5), (5000, 10), (20_000, 50), (50_000, 100), (200_000, 500), (500_000, 1000)])
    /// KOSPI before 2023-01-25.
    public static let kospiBefore2023: [Band] = bands([(0, 1), (1000, 5), (5000, 10), (10_000, 50), (50_000, 100), (100_000, 500), (500_000, 1000)])
    /// KOSDAQ and KONEX before 2023-01-25 (the ≥ 50,000 band of 100 won is not independently verified).
    public static let kosdaqBefore2023: [Band] = bands([(0, 1), (1000, 5), (5000, 10), (10_000, 50), (50_000, 100)])
    /// ETFs, ETNs and ELWs.
    public static let fundTick: Int64 = 5

    static func bands(_ pairs: [(Int64, Int64)]) -> [Band] { pairs.map { Band(from: $0.0, tick: $0.1) } }

    /// The band table in force for a market and kind on a date.
    public static func table(market: Market, kind: SecurityKind, on date: CivilDate) -> [Band] {
        if kind != .stock { return [Band(from: 0, tick: fundTick)] }
        if date >= unifiedSince { return unified }
        return market == .kospi ? kospiBefore2023 : kosdaqBefore2023
    }

    /// The tick of a price, in won.
    public static func tick(for price: Price, market: Market = .kospi, kind: SecurityKind = .stock, on date: CivilDate = unifiedSince)
        -> Price
    {
        let won = price.micros / Price.scale
        let table = table(market: market, kind: kind, on: date)
        let band = table.last { won >= $0.from } ?? table[0]
        return Price(units: band.tick)
    }

    /// How to round a price that is off the tick grid.
    public enum Rounding: Sendable { case down, up, nearest }

    /// The price on the tick grid of its band: down (a buy limit never pays more), up, or nearest (ties up).
    public static func round(
        _ price: Price, _ rounding: Rounding = .nearest, market: Market = .kospi, kind: SecurityKind = .stock,
        on date: CivilDate = unifiedSince
    ) -> Price {
        let tick = self.tick(for: price, market: market, kind: kind, on: date).micros
        let below = price.micros - ((price.micros % tick) + tick) % tick
        if below == price.micros { return price }
        let down = Price(micros: below)
        // Rounding up may land on the next band's floor, which is on both grids.
        let up = Price(micros: below + tick)
        switch rounding {
        case .down: return down
        case .up: return up
        case .nearest: return price.micros - below < below + tick - price.micros ? down : up
        }
    }
}
