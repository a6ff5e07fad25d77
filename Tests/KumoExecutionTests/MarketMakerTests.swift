import KumoCore
import KumoExecution
import Testing

/// The market maker's quotes on hand-worked cases: the inventory skew, the inventory cap, no short
/// sales, post-only against the book, the tick grid, and the pull on a fast move.
struct MarketMakerTests {
    static let time = Timestamp(year: 2026, month: 12, day: 3, hour: 10, minute: 0, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)!
    static func later(_ seconds: Int64) -> Timestamp { Timestamp(nanoseconds: time.nanoseconds + seconds * 1_000_000_000) }
    static let settings = MarketMaker.Settings(halfSpreadTicks: 1, size: 100, maxInventory: 300, skewTicks: 1, fastMoveTicks: 5, cooldownSeconds: 30)

    @Test func theReservationPriceLeansAgainstTheInventory() {
        var maker = MarketMaker(settings: Self.settings)
        // 70,000 is on the 100-won grid. Flat: a bid a tick under, no ask (nothing held to sell).
        let flat = maker.update(fair: Price(units: 70_000), inventory: 0, book: nil, at: Self.time)
        #expect(flat.bid == MarketMaker.Level(price: Price(units: 69_900), quantity: 100))
        #expect(flat.ask == nil && flat.note == "no ask: nothing held to sell")
        // 100 held: both quotes one tick lower (reservation 69,900).
        let long = maker.update(fair: Price(units: 70_000), inventory: 100, book: nil, at: Self.later(1))
        #expect(long.bid?.price == Price(units: 69_800) && long.ask?.price == Price(units: 70_000))
        // 250 held: reservation 2.5 ticks lower (69,750); the bid (69,650 rounded down) only for the 50
        // under the cap, the ask (69,850 rounded up) a full quote.
        let heavy = maker.update(fair: Price(units: 70_000), inventory: 250, book: nil, at: Self.later(2))
        #expect(heavy.bid == MarketMaker.Level(price: Price(units: 69_600), quantity: 50))
        #expect(heavy.ask == MarketMaker.Level(price: Price(units: 69_900), quantity: 100))
        // At the cap: no bid.
        let full = maker.update(fair: Price(units: 70_000), inventory: 300, book: nil, at: Self.later(3))
        #expect(full.bid == nil && full.note == "no bid: inventory 300 at max_inventory 300")
        // 40 held: the ask offers only those.
        #expect(maker.update(fair: Price(units: 70_000), inventory: 40, book: nil, at: Self.later(4)).ask?.quantity == 40)
    }

    @Test func quotesStayOnTheGridAndNeverCrossTheBook() {
        var maker = MarketMaker(settings: MarketMaker.Settings(halfSpreadTicks: 1, size: 10, maxInventory: 100, skewTicks: 0, fastMoveTicks: 1_000))
        // An off-grid fair value: the bid rounds down, the ask up.
        let between = maker.update(fair: Price(units: 70_050), inventory: 10, book: nil, at: Self.time)
        #expect(between.bid?.price == Price(units: 69_900) && between.ask?.price == Price(units: 70_200))
        // Where the tick changes (50 won under 50,000, 100 from it): each quote on its own band's grid.
        let edge = maker.update(fair: Price(units: 50_000), inventory: 10, book: nil, at: Self.later(1))
        #expect(edge.bid?.price == Price(units: 49_900) && edge.ask?.price == Price(units: 50_100))
        // The book's best ask at the fair value's bid: the bid steps under it; likewise the ask over the best bid.
        let book = Quote(time: Self.time, bids: [.init(price: Price(units: 50_200), quantity: 5)], asks: [.init(price: Price(units: 49_900), quantity: 5)])
        let crossed = maker.update(fair: Price(units: 50_000), inventory: 10, book: book, at: Self.later(2))
        #expect(crossed.bid?.price == Price(units: 49_850) && crossed.ask?.price == Price(units: 50_300))
    }

    @Test func aFastMovePullsBothQuotesForTheCooldown() {
        var maker = MarketMaker(settings: Self.settings)
        #expect(maker.update(fair: Price(units: 70_000), inventory: 100, book: nil, at: Self.time).bid != nil)
        // Four ticks: still quoting.
        #expect(maker.update(fair: Price(units: 70_400), inventory: 100, book: nil, at: Self.later(1)).bid != nil)
        // Five ticks down from there: pulled.
        let pulled = maker.update(fair: Price(units: 69_900), inventory: 100, book: nil, at: Self.later(2))
        #expect(pulled.bid == nil && pulled.ask == nil && pulled.note == "pulled: fair value moved -5 ticks (fast move 5)")
        #expect(maker.pulls == 1)
        #expect(maker.update(fair: Price(units: 69_900), inventory: 100, book: nil, at: Self.later(20)).note == "paused after a fast move")
        let back = maker.update(fair: Price(units: 69_900), inventory: 100, book: nil, at: Self.later(33))
        #expect(back.bid?.price == Price(units: 69_700) && back.ask?.price == Price(units: 69_900))
    }

    @Test func badSettingsNameTheField() {
        #expect(MarketMaker.Settings(size: 0, maxInventory: 10).problem == "size must be a positive number of shares")
        #expect(MarketMaker.Settings(size: 10, maxInventory: 5).problem == "max_inventory must be at least one quote's size")
        #expect(MarketMaker.Settings(halfSpreadTicks: 0, size: 10, maxInventory: 10).problem == "spread must be at least one tick each side")
        #expect(MarketMaker.Settings(size: 10, maxInventory: 10).problem == nil)
        // Values that would overflow a price are refused, not trapped on.
        #expect(MarketMaker.Settings(size: 10, maxInventory: 10, skewTicks: 1e300).problem == "skew must be 0 to 100 ticks")
        #expect(MarketMaker.Settings(size: 10, maxInventory: 10, fastMoveTicks: 1 << 40).problem == "fast_move must be 1 to 100000 ticks")
        // A position far past the quote size leans the quotes a bounded way and quotes no price below zero.
        var leaning = MarketMaker(settings: MarketMaker.Settings(size: 1, maxInventory: 1_000_000_000_000, skewTicks: 100))
        let quotes = leaning.update(fair: Price(units: 70_000), inventory: 900_000_000_000, book: nil, at: Self.time)
        #expect(quotes.ask == nil && quotes.bid == nil)
    }
}
