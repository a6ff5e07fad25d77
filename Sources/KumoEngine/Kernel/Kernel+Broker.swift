public import KumoCore

extension Kernel {
    /// Sends a checked order to the outside broker (journaled as submitted first; the gateway
    /// sends once the event is committed).
    func route(_ order: inout Order) {
        order.isAtVenue = true
        gateway?.submit(order)
    }

    /// With a broker, the host still watches what the broker cannot hold: a stop, a trailing stop or
    /// a stop-limit placed before `bar` goes to the broker as a market or limit order when `bar` trades at its trigger.
    func triggerHeldOrders(symbol: Symbol, bar: Bar, day: CivilDate) {
        for index in 0..<open.count where open.symbols[index] == symbol {  // other symbols' orders cost no lookup, as in matching
            guard var order = orders[open[index]], !order.isAtVenue, order.status == .accepted, order.createdAt < bar.time else { continue }
            let before = order
            if order.activeDay == nil { order.activeDay = day }
            _ = OrderMatcher.price(for: &order, bar: bar, holdsClosingAuction: Self.holdsClosingAuction(bar.time))
            if order.routedType != nil {
                // Triggered: it becomes the broker's market or limit order, keeping its id.
                order.isAtVenue = true
                store(order)
                gateway?.submit(order)
                notify(order.strategy, .order(order))
            } else if order != before {
                store(order)  // a trailing stop's new best
            }
        }
    }

    /// Applies what the broker did, as one event: the order's state and the account change, the
    /// strategy hears of it before its next callback returns. A report about an order the kernel
    /// does not know is returned as a sentence (for the log); nothing changes then.
    @discardableResult
    public func handle(_ report: BrokerReport, strategies: [any EngineStrategy]) -> String? {
        eventIndex += 1
        ordersThisEvent = 0
        guard var order = orders[report.order] else { return "broker report for unknown order \(report.order): \(report)" }
        switch report {
        case .accepted(_, let venueID):
            order.venueOrderID = venueID
            if order.status == .submitted { try? order.apply(.accepted) }  // submitted → accepted is always valid
            store(order)
            notify(order.strategy, .order(order))
        case .rejected(_, let code, let message):
            guard order.status.isOpen else { return "broker rejected \(order.id), which is already \(order.status.rawValue)" }
            try? order.apply(.rejected(code.isEmpty ? message : "\(code) \(message)"))  // open orders can always be rejected
            order.rejectionRule = "broker"
            store(order)
            notify(order.strategy, .rejected(order))
            if order.filledQuantity == 0 { cancelWaitingExits(of: order.id, because: "its entry \(order.id) was rejected by the broker") }
        case .filled(_, let quantity, let price, let time, let venue):
            guard order.status.isOpen, quantity > 0 else { return "broker fill of \(quantity) for \(order.id), which is \(order.status.rawValue)" }
            if order.status == .submitted { try? order.apply(.accepted) }  // a fill proves the broker took it
            let taken = min(quantity, order.remainingQuantity)
            // The clock never runs back: a notice stamped before the last print (or not stamped) books now.
            now = max(now, time)
            book(&order, quantity: taken, price: price, time: now, venue: venue)
            if taken < quantity { return "broker filled \(quantity) of \(order.id) with only \(taken) open; \(quantity - taken) ignored" }
        case .cancelled(_, let reason):
            guard order.status.isOpen else { return nil }  // a cancel that crossed a final fill
            try? order.apply(.cancelled(reason))  // open orders can always be cancelled
            store(order)
            notify(order.strategy, .order(order))
            if order.filledQuantity == 0 { cancelWaitingExits(of: order.id, because: "its entry \(order.id) was cancelled") }
        case .modified(_, let venueID, let quantity, let type):
            guard order.status.isOpen, quantity > order.filledQuantity else { return "broker amended \(order.id) to \(quantity), which no longer fits" }
            try? order.apply(.modified(quantity: quantity, type: type))  // checked above: above what is filled
            order.venueOrderID = venueID
            store(order)
            notify(order.strategy, .order(order))
        }
        dispatch(strategies, .none)
        pruneOpen()
        return nil
    }

    /// Takes in an order the broker has and the journal did not (placed elsewhere, or before a crash
    /// lost its record), under `strategy` (`broker` when nobody here placed it).
    public func adopt(
        id: ClientOrderID, strategy: String, symbol: Symbol, side: OrderSide, quantity: Int64, type: OrderType, venueOrderID: String, at time: Timestamp
    ) -> Order {
        var order = Order(id: id, strategy: strategy, symbol: symbol, side: side, quantity: quantity, type: type, createdAt: time)
        try? order.apply(.submitted)  // a new order can be submitted
        try? order.apply(.accepted)  // and accepted
        order.venueOrderID = venueOrderID
        order.isAtVenue = true
        store(order)
        open.append(order)
        return order
    }

    /// Sets the account's position in `symbol` to what the broker holds, booking the difference as
    /// a correction at `price` without costs (``Fill/isCorrection``). Returns the quantity it changed by.
    @discardableResult
    public func correctPosition(_ symbol: Symbol, to quantity: Int64, at price: Price, strategy: String = "broker") -> Int64 {
        let held = portfolio.position(symbol).quantity
        guard held != quantity else { return 0 }
        let difference = quantity - held
        let fill = Fill(
            order: ClientOrderID("reconcile-e\(eventIndex)-\(symbol)"), strategy: strategy, symbol: symbol, side: difference > 0 ? .buy : .sell,
            quantity: abs(difference), price: price, commission: Price(micros: 0), tax: Price(micros: 0), time: now)
        journal?.record(fill: fill, event: eventIndex)
        portfolio.apply(fill)  // the account only: no strategy's book made this difference
        if configuration.retainsHistory { fills.append(fill) }
        return difference
    }

    /// Sets cash to the broker's figure; returns the change. Not journaled: every start reconciles with the broker again.
    @discardableResult
    public func correctCash(to amount: Price) -> Price { portfolio.correctCash(to: amount) }

    /// The broker's order number → the kernel's order, for reports that carry only the broker's number.
    public var ordersByVenueID: [String: ClientOrderID] {
        var map: [String: ClientOrderID] = [:]
        for (id, order) in orders { if let venue = order.venueOrderID { map[venue] = id } }
        return map
    }
}
