public import KumoCore
import KumoRisk

/// The engine's single thread of control: bars in, orders matched on the simulated venue,
/// fills booked, strategies called, equity recorded. Deterministic: the same bars, strategies and
/// configuration give the same fills. Events of one timestamp are handled in the order given
/// (the replay merges symbols in a fixed order), orders in submission order.
public final class Kernel {
    public let configuration: EngineConfiguration
    /// The whole account.
    public internal(set) var portfolio: Portfolio
    /// Each strategy's own book (attribution): its fills only; with an allocation, its slice of cash.
    public internal(set) var books: [String: Portfolio] = [:]
    /// Every order by id; open ones only when the configuration does not retain history.
    public internal(set) var orders: [ClientOrderID: Order] = [:]
    /// Every fill in booking order; none when the configuration does not retain history.
    public internal(set) var fills: [Fill] = []
    /// Open orders in submission order.
    var open = OpenOrderList()
    /// Whether an order left the open state since the list was last pruned.
    var openNeedsPruning = false
    /// Orders closed since the last prune, forgotten then unless the configuration retains history.
    var closedSincePrune: [ClientOrderID] = []
    /// The last book of each symbol a broker streamed (`ctx:quote`).
    public internal(set) var quotes: [Symbol: Quote] = [:]
    /// The last book of each symbol on each venue a broker streams (KRX, and NXT where subscribed): smart routing reads them.
    public internal(set) var venueQuotes: [Symbol: [TradingVenue: Quote]] = [:]
    /// The last bar of each symbol, for marks and reference prices.
    public internal(set) var lastBars = SymbolMap<Bar>()
    /// What the kernel keeps per symbol besides its last bar.
    struct SymbolTrack {
        /// The trading day of the last bar.
        var day: CivilDate
        /// The close the day's price limits are based on: the last close of an earlier day.
        var limitBase: Price?
        /// Recent bars, oldest first, up to twice ``EngineConfiguration/historyDepth``.
        var recent: [Bar] = []
    }
    var tracks = SymbolMap<SymbolTrack>()
    public internal(set) var now = Timestamp(nanoseconds: 0)
    public internal(set) var currentDay: CivilDate?
    /// The last day worked out and the nanosecond range it spans.
    var dayCache: (start: Int64, end: Int64, day: CivilDate)?
    var sequence = 0
    var riskGate: RiskGate
    /// Equity at the start of the current trading day (the daily-loss limit and alerts measure from it).
    public internal(set) var dayStartEquity: Double
    /// What strategies are told with their next event, in order.
    var outbox: [(owner: String, notice: EngineNotice)] = []
    /// Timers strategies set, in the order they were set.
    var timers: [EngineTimer] = []
    /// Stops a strategy attached to its positions, by strategy and symbol.
    var protections: [String: [Symbol: Protection]] = [:]
    /// Receives every order change and fill before it takes effect (the live engine's journal).
    public var journal: (any KernelJournal)?
    /// An outside broker orders go to; nil trades on the simulated venue the kernel matches itself.
    public var gateway: (any OrderGateway)?
    /// How many market events the kernel has handled; live order ids and the journal count by it.
    public internal(set) var eventIndex = 0
    /// Orders submitted during the current event, for event-scoped ids.
    var ordersThisEvent = 0
    /// Events up to this index were already matched before a restart (their fills are in the
    /// journal): re-processing them runs the strategies without matching again.
    public var matchedThrough = -1
    /// Failures of strategy callbacks, in order, as the report shows them.
    public internal(set) var strategyFailures: [(strategy: String, time: Timestamp, message: String)] = []

    public init(configuration: EngineConfiguration) {
        self.configuration = configuration
        portfolio = Portfolio(cash: configuration.cash)
        riskGate = RiskGate(limits: configuration.risk)
        dayStartEquity = configuration.cash.doubleValue
    }

    /// Stops all new strategy orders (the kill switch) until ``resume()``; the host's own exits still
    /// work. With a broker, every open strategy order is cancelled there too.
    public func halt(_ reason: String) {
        riskGate.halt(reason)
        guard gateway != nil else { return }
        for order in openOrders() where order.origin == .strategy { cancel(order.id) }
    }

    /// Lets new orders through again.
    public func resume() { riskGate.resume() }

    /// Why new orders are stopped, when they are.
    public var haltReason: String? { riskGate.haltReason }

    /// Processes one bar: a new day expires DAY orders, orders placed before the bar are matched at
    /// its prices, then every active strategy hears what happened to its orders and sees the bar.
    public func handle(symbol: Symbol, bar: Bar, strategies: [any EngineStrategy]) {
        let day = advance(to: bar.time, symbol: symbol)
        if eventIndex > matchedThrough { gateway == nil ? match(symbol: symbol, bar: bar, day: day) : triggerHeldOrders(symbol: symbol, bar: bar, day: day) }
        lastBars[symbol] = bar
        record(bar, of: symbol, day: day)
        if gateway == nil, configuration.venue.nextradeShare != nil { quoteBothVenues(symbol, after: bar, day: day) }
        dispatch(strategies, .bar(symbol, bar))
    }

    /// Processes one trade print: orders placed before it are matched against its price (a
    /// one-price bar of the print's quantity), then every active strategy sees it through `on_tick`.
    /// The print becomes the symbol's mark; `history` keeps bars only.
    public func handle(symbol: Symbol, tick: Tick, strategies: [any EngineStrategy]) {
        let day = advance(to: tick.time, symbol: symbol)
        let print = Bar(time: tick.time, open: tick.price, high: tick.price, low: tick.price, close: tick.price, volume: tick.quantity)
        if eventIndex > matchedThrough { gateway == nil ? match(symbol: symbol, bar: print, day: day) : triggerHeldOrders(symbol: symbol, bar: print, day: day) }
        lastBars[symbol] = print
        tracks[symbol, default: SymbolTrack(day: day)].day = day
        dispatch(strategies, .tick(symbol, tick))
    }

    /// The simulated venue's two books after a bar (``VenueModel/nextradeShare``).
    private func quoteBothVenues(_ symbol: Symbol, after bar: Bar, day: CivilDate) {
        let market = configuration.market(of: symbol)
        let tick = market.followsKRXRules ? KRXTickSize.tick(for: bar.close, market: market, on: day) : Price(micros: 10_000)
        for venue in TradingVenue.allCases {
            if let book = configuration.venue.book(after: bar, on: venue, tick: tick) { record(quote: book, of: symbol, on: venue) }
        }
    }

    /// Keeps `quote` as the symbol's current book on `venue` (``quotes`` holds KRX's, ``venueQuotes`` both).
    public func record(quote: Quote, of symbol: Symbol, on venue: TradingVenue = .krx) {
        if venue == .krx { quotes[symbol] = quote }
        venueQuotes[symbol, default: [:]][venue] = quote
    }

    /// Processes any market event.
    public func handle(_ event: MarketEvent, strategies: [any EngineStrategy]) {
        switch event {
        case .bar(let symbol, let bar): handle(symbol: symbol, bar: bar, strategies: strategies)
        case .tick(let symbol, let tick): handle(symbol: symbol, tick: tick, strategies: strategies)
        }
    }

    /// Moves the clock to `time`: a new trading day expires DAY orders and restarts the daily-loss
    /// count; a symbol's first event of a day fixes the base of its price limits.
    private func advance(to time: Timestamp, symbol: Symbol) -> CivilDate {
        now = time
        eventIndex += 1
        ordersThisEvent = 0
        let day = tradingDay(of: time)
        if day != currentDay {
            if currentDay != nil { expireDayOrders(before: day) }
            currentDay = day
            dayStartEquity = equity
        }
        // In place: copying the track out and back would retain and release its recent bars.
        Self.rebase(&tracks[symbol, default: SymbolTrack(day: day)], day: day, lastClose: lastBars[symbol]?.close)
        return day
    }

    /// A symbol's first event of a day bases its price limits on its last close of an earlier day.
    private static func rebase(_ track: inout SymbolTrack, day: CivilDate, lastClose: Price?) {
        if track.day < day, let lastClose { track.limitBase = lastClose }
    }

    /// The KST day of `time`, worked out once per day rather than per event.
    private func tradingDay(of time: Timestamp) -> CivilDate {
        if let cached = dayCache, time.nanoseconds >= cached.start, time.nanoseconds < cached.end { return cached.day }
        let day = CivilDate(time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        let offset = Int64(KRXSessions.utcOffsetSeconds) * 1_000_000_000
        let start = (time.nanoseconds + offset).dividedFloor(by: 86_400_000_000_000) * 86_400_000_000_000 - offset
        dayCache = (start, start + 86_400_000_000_000, day)
        return day
    }

    /// The callback an event makes on each strategy.
    enum StrategyCall {
        case bar(Symbol, Bar)
        case tick(Symbol, Tick)
        case timer(String, Timestamp)
        /// Notices only (a broker report).
        case none
    }

    /// Tells each active strategy of `strategies` what happened to its orders, then makes `call`
    /// on it. Notices for strategies not in the list wait for their next event. (An enum rather
    /// than a closure: the per-bar path then neither captures nor retains the kernel.)
    func dispatch(_ strategies: [any EngineStrategy], _ call: StrategyCall) {
        var notices: [(owner: String, notice: EngineNotice)] = []
        if !outbox.isEmpty {
            if strategies.count == 1 {
                let name = strategies[0].name
                notices = outbox.filter { $0.owner == name }
                outbox.removeAll { $0.owner == name }
            } else {
                notices = outbox
                outbox = []
            }
        }
        for strategy in strategies where strategy.isActive {
            for (owner, notice) in notices where owner == strategy.name {
                guard strategy.isActive else { break }
                switch notice {
                case .filled(let fill): guarded(strategy) { try strategy.onFill(fill, kernel: self) }
                case .rejected(let order): guarded(strategy) { try strategy.onReject(order, kernel: self) }
                case .order(let order): guarded(strategy) { try strategy.onOrder(order, kernel: self) }
                }
            }
            guard strategy.isActive else { continue }
            do {
                switch call {
                case .bar(let symbol, let bar): try strategy.onBar(symbol: symbol, bar: bar, kernel: self)
                case .tick(let symbol, let tick): try strategy.onTick(symbol: symbol, tick: tick, kernel: self)
                case .timer(let name, let time): try strategy.onTimer(name: name, time: time, kernel: self)
                case .none: break
                }
            } catch {
                recordFailure(of: strategy, error)
            }
        }
    }

    private func guarded(_ strategy: any EngineStrategy, _ body: () throws -> Void) {
        do { try body() } catch { recordFailure(of: strategy, error) }
    }

    private func recordFailure(of strategy: any EngineStrategy, _ error: any Error) {
        strategyFailures.append((strategy.name, now, "\(error)"))
    }

    private func record(_ bar: Bar, of symbol: Symbol, day: CivilDate) {
        Self.appendBar(bar, day: day, depth: configuration.historyDepth, to: &tracks[symbol, default: SymbolTrack(day: day)])
    }

    /// One in-place access to the symbol's track per bar (a hot path: every bar of every symbol).
    private static func appendBar(_ bar: Bar, day: CivilDate, depth: Int, to track: inout SymbolTrack) {
        track.day = day
        guard depth > 0 else { return }
        track.recent.append(bar)
        if track.recent.count > 2 * depth { track.recent.removeFirst(depth) }
    }

    /// The last `count` bars of `symbol`, oldest first (fewer when fewer have closed); at most
    /// ``EngineConfiguration/historyDepth``.
    public func history(_ symbol: Symbol, count: Int) -> ArraySlice<Bar> {
        let bars = tracks[symbol]?.recent ?? []
        return bars.suffix(min(count, configuration.historyDepth))
    }

    /// Equity now: cash plus positions at their last closes.
    public var equity: Double { portfolio.equity(lastBars: lastBars) }

    /// A strategy's book: its own fills, and its slice of cash when it has an allocation.
    public func book(_ strategy: String) -> Portfolio {
        books[strategy] ?? Portfolio(cash: configuration.allocations[strategy] ?? Price(micros: 0))
    }

    /// Whether `strategy` trades its own slice of cash rather than the shared account.
    public func hasOwnSlice(_ strategy: String) -> Bool { configuration.allocations[strategy] != nil }

    /// The cash `strategy` may spend: its slice, or the shared account's.
    public func cash(for strategy: String) -> Price { hasOwnSlice(strategy) ? book(strategy).cash : portfolio.cash }

    /// What `strategy` can still commit to new buys: its cash less the value of its open buy
    /// orders (at their limit, or the last price for market and stop orders).
    public func buyingPower(for strategy: String) -> Double {
        var reserved = 0.0
        for order in openOrders(of: strategy) where order.side == .buy {
            let price = order.type.namedPrices.max() ?? lastBars[order.symbol]?.close ?? Price(micros: 0)
            reserved += price.doubleValue * Double(order.remainingQuantity)
        }
        return cash(for: strategy).doubleValue - reserved
    }

    /// The equity `strategy` trades with: its slice marked to market, or the whole account.
    public func equity(for strategy: String) -> Double {
        hasOwnSlice(strategy) ? book(strategy).equity(lastBars: lastBars) : equity
    }

    /// Open orders of `strategy` (all strategies when nil), in submission order.
    public func openOrders(of strategy: String? = nil) -> [Order] {
        open.compactMap { orders[$0] }.filter { strategy == nil || $0.strategy == strategy }
    }

    func notify(_ owner: String, _ notice: EngineNotice) { outbox.append((owner, notice)) }
}

extension Kernel {
    /// Records an order's new state (journaled first); one that is no longer open leaves the open
    /// list at the next prune.
    func store(_ order: Order) {
        journal?.record(order: order, event: eventIndex)
        orders[order.id] = order
        guard !order.status.isOpen else { return }
        openNeedsPruning = true
        if !configuration.retainsHistory { closedSincePrune.append(order.id) }
    }
}
