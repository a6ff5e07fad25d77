public import KumoCore
public import KumoEngine
public import KumoExecution

extension ExecutionDesk {
    /// Where a market maker's fair value comes from.
    public enum FairValue: Sendable, Hashable {
        /// The midpoint of the best bid and ask.
        case mid
        /// The size-weighted mid (Stoikov's microprice in its simplest form): nearer the side with less depth.
        case microprice
        /// A price the script sets (`ctx:set_fair`).
        case fixed(Price)
    }

    /// One market maker (`ctx:make_market`) as the desk runs it: its resting bid and ask, and what it did.
    public struct Maker: Sendable {
        public var id: String
        public var symbol: Symbol
        public var quoting: MarketMaker
        public var fair: FairValue
        public var state = "quoting"
        var bid: ClientOrderID?
        var ask: ClientOrderID?
        /// Quotes replaced but maybe not yet cancelled at a broker: they still count against the inventory cap.
        var leaving: [ClientOrderID] = []
        /// The top of the book at the last update, to requote only when it or the inventory changed.
        var lastSeen: [Int64] = []
        /// Updates that changed a quote.
        public var refreshes = 0
        public var bought: Int64 = 0
        public var sold: Int64 = 0
        /// The latest notes (a side not quoted, a pull on a fast move), newest last.
        public var notes: [String] = []
        public var quotes: MarketMaker.Quotes?
    }

    /// Starts a market maker; returns its id.
    func startMaker(symbol: Symbol, settings: MarketMaker.Settings, fair: FairValue) -> String {
        let id = "maker-\(makers.count + 1)"
        makers.append(Maker(id: id, symbol: symbol, quoting: MarketMaker(settings: settings), fair: fair))
        isIdle = false
        return id
    }

    /// An event of `symbol`: each quoting maker on it works out its quotes from the latest book and
    /// the strategy's position, and replaces a resting quote whose price or size changed.
    func requote(symbol: Symbol, kernel: Kernel, strategy: String) {
        for index in makers.indices where makers[index].symbol == symbol && makers[index].state == "quoting" {
            requote(&makers[index], kernel: kernel, strategy: strategy)
        }
    }

    func requote(_ maker: inout Maker, kernel: Kernel, strategy: String) {
        let book = kernel.quotes[maker.symbol]
        guard let fair = fairValue(maker, book: book, last: kernel.lastBars[maker.symbol]?.close) else { return }
        let inventory = kernel.book(strategy).position(maker.symbol).quantity
        let seen: [Int64] = [fair.micros, inventory, book?.bids.first?.price.micros ?? 0, book?.asks.first?.price.micros ?? 0]
        maker.leaving.removeAll { kernel.orders[$0]?.status.isOpen != true }
        guard seen != maker.lastSeen || maker.quoting.pausedUntil.map({ kernel.now >= $0 }) == true else { return }
        maker.lastSeen = seen
        // Buys still leaving the book could fill yet: the bid only takes up what is left under the cap.
        let pendingBuys = maker.leaving.compactMap { kernel.orders[$0] }.filter { $0.side == .buy }.reduce(Int64(0)) { $0 + $1.remainingQuantity }
        let quotes = maker.quoting.update(fair: fair, inventory: inventory + pendingBuys, book: book, at: kernel.now)
        if let note = quotes.note, maker.notes.last != note {
            maker.notes.append(note)
            if maker.notes.count > Self.routeLog { maker.notes.removeFirst() }
        }
        maker.quotes = quotes
        let bid = place(quotes.bid, side: .buy, current: maker.bid, of: maker, kernel: kernel, strategy: strategy)
        let ask = place(quotes.ask, side: .sell, current: maker.ask, of: maker, kernel: kernel, strategy: strategy)
        (maker.bid, maker.ask) = (bid.current, ask.current)
        maker.leaving += [bid.leaving, ask.leaving].compactMap { $0 }
        if bid.changed || ask.changed { maker.refreshes += 1 }
    }

    /// Keeps, replaces or pulls one side's resting quote: whether it changed, the quote resting
    /// now, and a replaced one still open at a broker (its cancel on the way).
    func place(_ level: MarketMaker.Level?, side: OrderSide, current: ClientOrderID?, of maker: Maker, kernel: Kernel, strategy: String)
        -> (changed: Bool, current: ClientOrderID?, leaving: ClientOrderID?)
    {
        let resting = current.flatMap { kernel.orders[$0] }.flatMap { $0.status.isOpen ? $0 : nil }
        if let resting, let level, resting.type == .limit(level.price), resting.remainingQuantity == level.quantity { return (false, current, nil) }
        var leaving: ClientOrderID?
        if let resting {
            _ = kernel.cancel(resting.id)
            if kernel.orders[resting.id]?.status.isOpen == true { leaving = resting.id }
        }
        guard let level else { return (resting != nil, nil, leaving) }
        let order = kernel.submit(strategy: strategy, OrderRequest(symbol: maker.symbol, side: side, quantity: level.quantity, type: .limit(level.price)))
        byMaker[order.id] = maker.id
        return (true, order.status.isOpen ? order.id : nil, leaving)
    }

    func fairValue(_ maker: Maker, book: Quote?, last: Price?) -> Price? {
        switch maker.fair {
        case .fixed(let price): return price
        case .mid: return book?.mid ?? last
        case .microprice:
            guard let bid = book?.bids.first, let ask = book?.asks.first, bid.quantity + ask.quantity > 0 else { return book?.mid ?? last }
            // Weighted by the opposite side's depth: a thin ask pulls the fair value up towards it.
            let weight = Double(bid.quantity) / Double(bid.quantity + ask.quantity)
            return Price(micros: Int64((Double(ask.price.micros) * weight + Double(bid.price.micros) * (1 - weight)).rounded()))
        }
    }

    /// A fill of a maker's quote.
    func makerFill(_ fill: Fill) {
        guard let id = byMaker[fill.order], let index = makers.firstIndex(where: { $0.id == id }) else { return }
        if fill.side == .buy { makers[index].bought += fill.quantity } else { makers[index].sold += fill.quantity }
    }

    /// Sets a maker's fixed fair value; the reason it cannot, or nil.
    public func setFair(_ id: String, _ price: Price) -> String? {
        guard let index = makers.firstIndex(where: { $0.id == id }) else { return "no market maker \(id)" }
        makers[index].fair = .fixed(price)
        makers[index].lastSeen = []
        return nil
    }

    /// Stops a maker and cancels both its quotes; the reason it cannot, or nil.
    public func stopMaker(_ id: String, kernel: Kernel) -> String? {
        guard let index = makers.firstIndex(where: { $0.id == id }) else { return "no market maker \(id)" }
        guard makers[index].state == "quoting" else { return "market maker \(id) is already stopped" }
        for order in [makers[index].bid, makers[index].ask].compactMap({ $0 }) where kernel.orders[order]?.status.isOpen == true { _ = kernel.cancel(order) }
        makers[index].bid = nil
        makers[index].ask = nil
        makers[index].state = "stopped"
        updateIdle()
        return nil
    }

    public func maker(_ id: String) -> Maker? { makers.first { $0.id == id } }
}
