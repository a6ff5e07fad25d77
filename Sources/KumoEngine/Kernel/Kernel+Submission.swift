public import KumoCore
public import KumoRisk

extension Kernel {
    /// Submits a market or simple priced order for `strategy`; see ``submit(strategy:_:)``.
    @discardableResult
    public func submit(
        strategy: String, symbol: Symbol, side: OrderSide, quantity: Int64, type: OrderType = .market, timeInForce: TimeInForce = .day
    ) -> Order {
        submit(strategy: strategy, OrderRequest(symbol: symbol, side: side, quantity: quantity, type: type, timeInForce: timeInForce))
    }

    /// Submits an order for `strategy`. It is checked now (quantity, prices on the tick grid and
    /// inside the day's limits, the host's risk rules) and matched from the next bar. Returns the
    /// order, rejected with the reason when it broke a rule; a repeated client id returns the
    /// order that id already names, placing nothing.
    @discardableResult
    public func submit(strategy: String, _ request: OrderRequest) -> Order {
        if let clientID = request.clientID, let existing = orders[ClientOrderID(clientID)], existing.strategy == strategy {
            return existing
        }
        sequence += 1
        ordersThisEvent += 1
        let id: ClientOrderID
        if let clientID = request.clientID, orders[ClientOrderID(clientID)] == nil, !clientID.isEmpty {
            id = ClientOrderID(clientID)
        } else if configuration.eventScopedOrderIDs {
            // The same event and the same decision give the same id: re-processing an event after a
            // restart finds the order already journaled instead of placing it twice.
            let scoped = ClientOrderID("\(strategy)-e\(eventIndex).\(ordersThisEvent)")
            if let existing = orders[scoped] { return existing }
            id = scoped
        } else {
            id = ClientOrderID("\(strategy)-\(sequence)")
        }
        if eventIndex <= matchedThrough {
            // Replaying history after a restart: what was not placed then is not placed now.
            var ghost = Order(
                id: id, strategy: strategy, symbol: request.symbol, side: request.side, quantity: max(request.quantity, 1), type: request.type,
                createdAt: now)
            try? ghost.apply(.rejected("replaying history after a restart: no order was placed at this event"))  // a new order can be rejected
            return ghost
        }
        var order = Order(
            id: id, strategy: strategy, symbol: request.symbol, side: request.side, quantity: max(request.quantity, 1), type: request.type,
            timeInForce: request.timeInForce, createdAt: now)
        order.ocoGroup = request.ocoGroup
        order.route = request.route == .krx ? nil : request.route
        let denial: (rule: String, reason: String)? =
            if let clientID = request.clientID, id.value != clientID {
                ("client_order_id", "client order id '\(clientID)' is \(clientID.isEmpty ? "empty" : "already used by another strategy")")
            } else if gateway != nil, request.type == .marketOnClose {
                ("venue", "the broker takes no market-on-close orders; place a limit order for the closing auction")
            } else if let problem = refusal(quantity: request.quantity, symbol: request.symbol, type: request.type) ?? bracketRefusal(request) {
                ("venue", problem)
            } else {
                riskDenial(order).map { ($0.rule, $0.description) }
            }
        if let (rule, reason) = denial {
            try? order.apply(.rejected(reason))  // a new order can always be rejected
            order.rejectionRule = rule
            notify(strategy, .rejected(order))
            store(order)
            return order
        }
        accept(&order)
        store(order)
        if request.takeProfit != nil || request.stopLoss != nil { addBracketExits(to: order, request) }
        return order
    }

    /// Sends a checked order to the venue: new → submitted → accepted, and onto the book unless
    /// it is there already (a bracket exit waits on it).
    func accept(_ order: inout Order, listed: Bool = false) {
        try? order.apply(.submitted)  // a new order can always be submitted
        if order.trailingBest == nil, case .trailingStop = order.type { order.trailingBest = lastBars[order.symbol]?.close }
        if !listed { open.append(order) }
        guard gateway != nil else {
            try? order.apply(.accepted)  // a submitted order can always be accepted
            return
        }
        // A broker answers later; a stop waits in the host (accepted here) until it triggers.
        if order.routedType != nil { route(&order) } else { try? order.apply(.accepted) }  // submitted → accepted is always valid
    }

    /// The reason an order's shape breaks a rule of the venue, or nil.
    func refusal(quantity: Int64, symbol: Symbol, type: OrderType) -> String? {
        guard quantity > 0 else { return "quantity must be positive, not \(quantity)" }
        let reference = type.namedPrices.max() ?? lastBars[symbol]?.close
        if let reference, reference.micros.multipliedReportingOverflow(by: quantity).overflow {
            return "quantity \(quantity) at \(reference) is beyond any account's value"
        }
        if case .trailingStop(let offset) = type {
            switch offset {
            case .amount(let amount) where amount.micros <= 0: return "a trailing amount must be positive, not \(amount)"
            case .fraction(let fraction) where !(fraction > 0 && fraction < 1): return "a trailing fraction must be between 0 and 1, not \(fraction)"
            default: break
            }
        }
        for price in type.namedPrices {
            if let problem = priceProblem(price, symbol: symbol) { return "\(type.name) price \(problem)" }
        }
        return nil
    }

    /// Why `price` cannot be named for `symbol` on the day an order placed now trades: not
    /// positive, off the KRX tick grid, or outside the day's ±30% band.
    func priceProblem(_ price: Price, symbol: Symbol, checksBand: Bool = true) -> String? {
        guard price.micros > 0 else { return "must be positive, not \(price)" }
        let market = configuration.market(of: symbol)
        guard market.followsKRXRules else { return nil }
        let date = currentDay ?? CivilDate(now, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        if KRXTickSize.round(price, .down, market: market, on: date) != price {
            return "\(price) is not on the tick grid (tick \(KRXTickSize.tick(for: price, market: market, on: date)))"
        }
        if checksBand, let base = bandBase(for: symbol), !KRXPriceLimits.allows(price, base: base, market: market, on: date) {
            let (lower, upper) = KRXPriceLimits.limits(base: base, market: market, on: date)
            return "\(price) is outside the day's limits \(lower)–\(upper)"
        }
        return nil
    }

    /// The close the band of the session an order placed now trades in is based on: the last
    /// close once the session's closing auction has passed (the order trades tomorrow), else
    /// the previous day's.
    func bandBase(for symbol: Symbol) -> Price? {
        guard let last = lastBars[symbol] else { return nil }
        return Self.holdsClosingAuction(last.time) ? last.close : (tracks[symbol]?.limitBase ?? last.close)
    }

    /// Whether a bar stamped `time` holds the closing auction: a daily bar (stamped at midnight
    /// KST) or an intraday bar starting at or after 15:20 KST.
    static func holdsClosingAuction(_ time: Timestamp) -> Bool {
        let day = Int64(86_400)
        let local = (Int64((time.nanoseconds / 1_000_000_000)) + Int64(KRXSessions.utcOffsetSeconds)) % day
        let seconds = (local + day) % day
        return seconds == 0 || seconds >= 15 * 3600 + 20 * 60
    }

    private func bracketRefusal(_ request: OrderRequest) -> String? {
        guard request.takeProfit != nil || request.stopLoss != nil else { return nil }
        guard request.side == .buy else { return "a bracket's exits protect a buy entry; this account does not sell short" }
        if let takeProfit = request.takeProfit, let stopLoss = request.stopLoss, takeProfit <= stopLoss {
            return "take-profit \(takeProfit) must be above stop-loss \(stopLoss)"
        }
        for price in [request.takeProfit, request.stopLoss].compactMap({ $0 }) {
            if let problem = priceProblem(price, symbol: request.symbol, checksBand: false) { return "bracket price \(problem)" }
        }
        return nil
    }

    /// A bracket's exits wait (`new`) until the entry fills, then sell what it bought, one
    /// cancelling the other.
    private func addBracketExits(to entry: Order, _ request: OrderRequest) {
        let legs: [OrderType] = [request.takeProfit.map { .limit($0) }, request.stopLoss.map { .stop($0) }].compactMap { $0 }
        for type in legs {
            var exit = Order(
                id: ClientOrderID("\(entry.id.value)-\(type.name)"), strategy: entry.strategy, symbol: entry.symbol, side: .sell,
                quantity: entry.quantity, type: type, timeInForce: .gtc, createdAt: now)
            exit.parent = entry.id
            exit.ocoGroup = "bracket:\(entry.id.value)"
            store(exit)
            open.append(exit)
        }
    }

    func riskDenial(_ order: Order) -> RiskGate.Denial? {
        let price = (order.type.namedPrices.max() ?? lastBars[order.symbol]?.close)?.doubleValue ?? 0
        // Only what the configured limits read: the whole book for a gross limit, equity for a loss limit.
        let limits = riskGate.limits
        let account: RiskSnapshot
        if limits.maxGrossExposure != nil {
            account = RiskSnapshot(
                positions: portfolio.positions.mapValues(\.quantity), lastPrices: lastBars.mapValues(\.close.doubleValue),
                equity: limits.maxDailyLoss != nil ? equity : 0, dayStartEquity: limits.maxDailyLoss != nil ? dayStartEquity : 0)
        } else {
            account = RiskSnapshot(
                positions: [order.symbol: portfolio.position(order.symbol).quantity],
                lastPrices: lastBars[order.symbol].map { [order.symbol: $0.close.doubleValue] } ?? [:],
                equity: limits.maxDailyLoss != nil ? equity : 0, dayStartEquity: limits.maxDailyLoss != nil ? dayStartEquity : 0)
        }
        let isLimit = if case .limit = order.type { true } else if case .stopLimit = order.type { true } else { false }
        let intent = OrderIntent(
            strategy: order.strategy, symbol: order.symbol, isBuy: order.side == .buy, quantity: order.quantity, price: price,
            isLimit: isLimit, time: now)
        let wasHalted = riskGate.haltReason != nil
        let denial = riskGate.check(intent, account)
        if !wasHalted, riskGate.haltReason != nil, gateway != nil {
            // The daily-loss kill switch just tripped: what is open at the broker is cancelled too.
            for open in openOrders() where open.origin == .strategy && open.id != order.id { cancel(open.id) }
        }
        return denial
    }

    /// Cancels an open order (a bracket entry takes its waiting exits with it). With `by`, only
    /// that strategy's own orders, never the host's. Returns why not, or nil when cancelled.
    @discardableResult
    public func cancel(_ id: ClientOrderID, by strategy: String? = nil) -> String? {
        guard var order = orders[id] else { return "no order \(id)" }
        if let strategy {
            guard order.strategy == strategy else { return "order \(id) is not \(strategy)'s" }
            guard order.origin == .strategy else { return "order \(id) is the host's protective exit; a script cannot cancel it" }
        }
        guard order.status.isOpen else { return "order \(id) is \(order.status.rawValue)" }
        if order.isAtVenue, let gateway {
            gateway.cancel(order)  // the broker's answer cancels it
            return nil
        }
        try? order.apply(.cancelled("cancelled by \(strategy ?? "the host")"))  // open orders can always be cancelled
        store(order)
        if order.filledQuantity == 0 { cancelWaitingExits(of: id, because: "its entry \(id) was cancelled") }
        pruneOpen()
        return nil
    }

    /// Changes an open order's quantity and prices (KRX cancel-and-replace, keeping the id). The new
    /// terms are checked like a new order's. Returns why not, or nil when done.
    @discardableResult
    public func modify(_ id: ClientOrderID, by strategy: String, quantity: Int64? = nil, type: OrderType? = nil) -> String? {
        guard var order = orders[id], order.strategy == strategy else { return "no order \(id) of \(strategy)" }
        guard order.origin == .strategy else { return "order \(id) is the host's protective exit; a script cannot modify it" }
        guard order.status.isOpen else { return "order \(id) is \(order.status.rawValue)" }
        let newQuantity = quantity ?? order.quantity
        let newType = type ?? order.type
        guard newType.name == order.type.name else { return "an order's type cannot change (\(order.type.name) to \(newType.name)); cancel it and place another" }
        if let problem = refusal(quantity: newQuantity, symbol: order.symbol, type: newType) { return problem }
        guard newQuantity > order.filledQuantity else { return "quantity \(newQuantity) is not above the \(order.filledQuantity) already filled" }
        if newQuantity > order.quantity || newType != order.type {
            var probe = order
            probe.quantity = newQuantity
            probe.type = newType
            if let denial = riskDenial(probe) { return denial.description }
        }
        if order.isAtVenue, let gateway {
            guard newQuantity <= order.quantity else {
                return "KRX amendments lower a quantity or change a price; \(order.id) cannot grow from \(order.quantity) to \(newQuantity) — place another order"
            }
            gateway.modify(order, quantity: newQuantity, type: newType)  // the broker's answer changes it
            return nil
        }
        do { try order.apply(.modified(quantity: newQuantity, type: newType)) } catch { return error.description }
        store(order)
        return nil
    }

    func cancelWaitingExits(of entry: ClientOrderID, because reason: String) {
        for id in open {
            guard var exit = orders[id], exit.parent == entry, exit.status == .new else { continue }
            try? exit.apply(.cancelled(reason))  // new orders can always be cancelled
            store(exit)
            notify(exit.strategy, .order(exit))
        }
    }

    /// Drops orders that are no longer open from the book's list (never while matching walks it).
    func pruneOpen() {
        guard openNeedsPruning else { return }
        openNeedsPruning = false
        open.removeAll { !(orders[$0]?.status.isOpen ?? false) }
        guard !configuration.retainsHistory else { return }
        for id in closedSincePrune where orders[id]?.status.isOpen == false { orders[id] = nil }
        closedSincePrune.removeAll(keepingCapacity: true)
    }
}
