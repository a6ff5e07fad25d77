public import KumoCore

extension Kernel {
    /// Attaches host-side exits to `strategy`'s position in `symbol`, tightening (never loosening)
    /// the configuration's. Returns why not, or nil.
    @discardableResult
    public func protect(strategy: String, symbol: Symbol, _ protection: Protection) -> String? {
        for (name, value) in [("stop_loss", protection.stopLoss), ("take_profit", protection.takeProfit), ("trailing", protection.trailing)] {
            if let value, !(value > 0 && value < 1) { return "\(name) must be a fraction between 0 and 1, not \(value)" }
        }
        protections[strategy, default: [:]][symbol] = protection
        syncProtection(strategy: strategy, symbol: symbol)
        pruneOpen()
        return nil
    }

    /// The exits the host keeps on `strategy`'s position in `symbol`.
    public func protection(strategy: String, symbol: Symbol) -> Protection? {
        let requested = protections[strategy]?[symbol]
        guard let base = configuration.protection else { return requested }
        return base.tightened(by: requested)
    }

    /// Replaces the host's exit orders on a position with ones sized to it: a stop below and a
    /// take-profit above its average price, a trailing stop, one cancelling the others.
    func syncProtection(strategy: String, symbol: Symbol) {
        // While history is replayed after a restart, the journal already holds the exits placed then.
        guard eventIndex > matchedThrough else { return }
        guard let protection = protection(strategy: strategy, symbol: symbol), !protection.isEmpty else { return }
        let group = "protect:\(strategy):\(symbol.code)"
        for id in open {
            guard var order = orders[id], order.origin == .host, order.ocoGroup == group, order.status.isOpen else { continue }
            try? order.apply(.cancelled("resized with the position"))  // open orders can always be cancelled
            store(order)
        }
        let position = book(strategy).position(symbol)
        guard position.quantity > 0, position.costBasis.micros > 0 else { return }
        let average = position.costBasis.micros / position.quantity
        let market = configuration.market(of: symbol)
        let date = currentDay ?? CivilDate(now, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        func level(_ fraction: Double, _ rounding: KRXTickSize.Rounding) -> Price {
            let raw = Price(micros: Int64((Double(average) * fraction).rounded()))
            return market.followsKRXRules ? KRXTickSize.round(raw, rounding, market: market, on: date) : raw
        }
        var legs: [OrderType] = []
        if let stopLoss = protection.stopLoss { legs.append(.stop(level(1 - stopLoss, .down))) }
        if let takeProfit = protection.takeProfit { legs.append(.limit(level(1 + takeProfit, .up))) }
        if let trailing = protection.trailing { legs.append(.trailingStop(.fraction(trailing))) }
        for type in legs {
            sequence += 1
            ordersThisEvent += 1
            // Live ids are scoped to the event, so they never meet an id journaled before a restart.
            let id = configuration.eventScopedOrderIDs ? "host-e\(eventIndex).\(ordersThisEvent)" : "host-\(sequence)"
            var exit = Order(
                id: ClientOrderID(id), strategy: strategy, symbol: symbol, side: .sell, quantity: position.quantity, type: type,
                timeInForce: .gtc, createdAt: now, origin: .host)
            exit.ocoGroup = group
            accept(&exit)
            store(exit)
        }
    }
}
