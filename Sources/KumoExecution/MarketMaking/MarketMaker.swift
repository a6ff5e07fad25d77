public import KumoCore

/// Two-sided quotes around a fair value, as a value: each update returns the bid and ask to rest
/// (or none), on the KRX tick grid. The quotes centre on a reservation price moved against the
/// inventory (long: both quotes lower, so the ask is hit sooner — the inventory term of Avellaneda
/// and Stoikov, 2008), never grow the position past `maxInventory`, never sell shares not held
/// (KRX cash accounts do not short), never cross the book, and are all pulled when the fair value
/// jumps by `fastMoveTicks` or more between two updates, for `cooldownSeconds`.
public struct MarketMaker: Sendable {
    public struct Settings: Sendable, Hashable {
        /// Ticks from the reservation price to each quote (at least one).
        public var halfSpreadTicks: Int
        /// Shares per quote.
        public var size: Int64
        /// The largest position the bid may build.
        public var maxInventory: Int64
        /// Ticks both quotes move per `size` shares held.
        public var skewTicks: Double
        /// A fair-value move, in ticks between two updates, that pulls both quotes.
        public var fastMoveTicks: Int
        public var cooldownSeconds: Double
        public var market: Market

        public init(halfSpreadTicks: Int = 1, size: Int64, maxInventory: Int64, skewTicks: Double = 1, fastMoveTicks: Int = 5, cooldownSeconds: Double = 60, market: Market = .kospi) {
            self.halfSpreadTicks = halfSpreadTicks
            self.size = size
            self.maxInventory = maxInventory
            self.skewTicks = skewTicks
            self.fastMoveTicks = fastMoveTicks
            self.cooldownSeconds = cooldownSeconds
            self.market = market
        }

        /// Why the settings cannot quote, naming the field; nil when they can. The upper bounds keep
        /// every price the maker works out inside Int64 micros.
        public var problem: String? {
            if halfSpreadTicks < 1 { return "spread must be at least one tick each side" }
            if halfSpreadTicks > 1_000 { return "spread must be at most 1000 ticks each side" }
            if size < 1 { return "size must be a positive number of shares" }
            if size > 1_000_000_000 { return "size must be at most 1,000,000,000 shares" }
            if maxInventory < size { return "max_inventory must be at least one quote's size" }
            if maxInventory > 1_000_000_000_000 { return "max_inventory must be at most 10^12 shares" }
            if !(skewTicks >= 0 && skewTicks <= 100) { return "skew must be 0 to 100 ticks" }
            if !(1...100_000).contains(fastMoveTicks) { return "fast_move must be 1 to 100000 ticks" }
            if !(cooldownSeconds >= 0 && cooldownSeconds <= 86_400) { return "cooldown must be 0 to 86400 seconds" }
            return nil
        }
    }

    /// One side's quote: a price and a size, as a book level.
    public typealias Level = Quote.Level

    /// What to rest now.
    public struct Quotes: Sendable, Hashable {
        public var bid: Level?
        public var ask: Level?
        /// Why a side is missing or everything was pulled; nil when both sides quote.
        public var note: String?
    }

    public let settings: Settings
    public private(set) var lastFair: Price?
    public private(set) var pausedUntil: Timestamp?
    /// Times both quotes were pulled on a fast move.
    public private(set) var pulls = 0

    public init(settings: Settings) { self.settings = settings }

    /// The quotes for `fair` with `inventory` shares held, given the book (for not crossing it).
    public mutating func update(fair: Price, inventory: Int64, book: Quote?, at time: Timestamp) -> Quotes {
        let date = CivilDate(time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        let tick = KRXTickSize.tick(for: fair, market: settings.market, on: date).micros
        defer { lastFair = fair }
        if let lastFair, abs(fair.micros - lastFair.micros) >= Int64(settings.fastMoveTicks) * tick {
            pulls += 1
            pausedUntil = Timestamp(nanoseconds: time.nanoseconds + Int64(settings.cooldownSeconds * 1e9))
            let moved = (fair.micros - lastFair.micros) / tick
            return Quotes(bid: nil, ask: nil, note: "pulled: fair value moved \(moved > 0 ? "+" : "")\(moved) ticks (fast move \(settings.fastMoveTicks))")
        }
        if let pausedUntil, time < pausedUntil { return Quotes(bid: nil, ask: nil, note: "paused after a fast move") }
        // At most a million ticks either way: the lean stays a price, however large the position.
        let skew = min(max(settings.skewTicks * Double(inventory) / Double(settings.size), -1e6), 1e6)
        let reservation = Double(fair.micros) - skew * Double(tick)
        func onGrid(_ micros: Double, _ rounding: KRXTickSize.Rounding) -> Price {
            KRXTickSize.round(Price(micros: Int64(micros.rounded())), rounding, market: settings.market, on: date)
        }
        var bid = onGrid(reservation - Double(settings.halfSpreadTicks * Int(tick)), .down)
        var ask = onGrid(reservation + Double(settings.halfSpreadTicks * Int(tick)), .up)
        // Post only: a bid at or above the best ask would trade; so would an ask at or under the best bid.
        if let bestAsk = book?.asks.first?.price, bid >= bestAsk { bid = KRXTickSize.round(Price(micros: bestAsk.micros - 1), .down, market: settings.market, on: date) }
        if let bestBid = book?.bids.first?.price, ask <= bestBid { ask = KRXTickSize.round(Price(micros: bestBid.micros + 1), .up, market: settings.market, on: date) }
        var notes: [String] = []
        let room = settings.maxInventory - inventory
        let bidSize = min(settings.size, max(0, room))
        if bidSize == 0 { notes.append("no bid: inventory \(inventory) at max_inventory \(settings.maxInventory)") }
        let askSize = min(settings.size, max(0, inventory))
        if askSize == 0 { notes.append("no ask: nothing held to sell") }
        // A heavy inventory can lean the reservation price below zero: no quote at a price that is not one.
        return Quotes(
            bid: bidSize > 0 && bid.micros > 0 ? Level(price: bid, quantity: bidSize) : nil,
            ask: askSize > 0 && ask.micros > 0 ? Level(price: ask, quantity: askSize) : nil,
            note: notes.isEmpty ? nil : notes.joined(separator: "; "))
    }
}
