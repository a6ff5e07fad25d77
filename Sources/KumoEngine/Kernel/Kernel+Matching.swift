public import KumoCore

extension Kernel {
    /// Expires DAY orders that could trade on an earlier day than `day`.
    func expireDayOrders(before day: CivilDate) {
        for id in open {
            guard var order = orders[id], order.timeInForce == .day, let active = order.activeDay, active < day,
                order.status == .accepted || order.status == .partiallyFilled
            else { continue }
            try? order.apply(.expired("a DAY order ends with the session of \(active)"))  // accepted orders can expire
            store(order)
            notify(order.strategy, .order(order))
            if order.filledQuantity == 0 { cancelWaitingExits(of: id, because: "its entry \(id) expired") }
        }
        pruneOpen()
    }

    /// Matches the open orders of `symbol` placed before `bar` against it, in submission order.
    func match(symbol: Symbol, bar: Bar, day: CivilDate) {
        var index = 0
        while index < open.count {
            let id = open[index]
            index += 1
            guard open.symbols[index - 1] == symbol, let before = orders[id], before.createdAt < bar.time,
                before.status == .accepted || before.status == .partiallyFilled
            else { continue }
            var order = before
            let isFirstBar = order.activeDay == nil
            if isFirstBar { order.activeDay = day }
            let outcome = fillable(&order, bar: bar)
            if order != before { store(order) }  // its first bar, a trigger, a trailing high: journaled only when changed
            switch outcome {
            case .none(let why):
                if isFirstBar, order.timeInForce == .ioc || order.timeInForce == .fok { cancelByVenue(id, "\(order.timeInForce.rawValue.uppercased()): \(why)") }
            case .some(let price, let quantity):
                if order.timeInForce == .fok, quantity < order.remainingQuantity {
                    cancelByVenue(id, "FOK: only \(quantity) of \(order.remainingQuantity) could fill in the bar")
                    continue
                }
                execute(id, quantity: quantity, at: price, bar: bar)
                if order.timeInForce == .ioc, let after = orders[id], after.status.isOpen {
                    cancelByVenue(id, "IOC: \(after.remainingQuantity) unfilled in the first bar")
                }
            }
        }
        pruneOpen()
    }

    enum Fillable {
        case none(String)
        case some(Price, Int64)
    }

    /// Whether and how much of `order` `bar` fills, at what price after slippage and tick rounding.
    func fillable(_ order: inout Order, bar: Bar) -> Fillable {
        guard let raw = OrderMatcher.price(for: &order, bar: bar, holdsClosingAuction: Self.holdsClosingAuction(bar.time)) else {
            return .none("the bar did not reach its price")
        }
        let market = configuration.market(of: order.symbol)
        let date = currentDay ?? CivilDate(bar.time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        if configuration.venue.lockedLimitBlocksFills, market.followsKRXRules, let base = tracks[order.symbol]?.limitBase {
            let (lower, upper) = KRXPriceLimits.limits(base: base, market: market, on: date)
            if order.side == .buy, bar.low >= upper { return .none("the bar was locked at the upper limit \(upper)") }
            if order.side == .sell, bar.high <= lower { return .none("the bar was locked at the lower limit \(lower)") }
        }
        let quantity = min(order.remainingQuantity, configuration.venue.capacity(bar, route: order.route))
        guard quantity > 0 else { return .none("the bar's volume \(bar.volume) leaves nothing at the volume share") }
        return .some(slipped(raw, order: order, quantity: quantity, bar: bar, market: market, date: date), quantity)
    }

    /// `price` made worse by the slippage model, kept inside the bar and the order's limit, on the tick grid.
    func slipped(_ price: Price, order: Order, quantity: Int64, bar: Bar, market: Market, date: CivilDate) -> Price {
        let limit: Price? = switch order.type {
        case .limit(let limit), .stopLimit(_, let limit): limit
        default: nil
        }
        return configuration.venue.slipped(price, side: order.side, limit: limit, quantity: quantity, bar: bar, market: market, date: date)
    }

    func cancelByVenue(_ id: ClientOrderID, _ reason: String) {
        guard var order = orders[id], order.status.isOpen else { return }
        if order.isAtVenue, let gateway {
            gateway.cancel(order)  // e.g. the other leg of an OCO that filled at the broker
            return
        }
        try? order.apply(.cancelled(reason))  // open orders can always be cancelled
        store(order)
        notify(order.strategy, .order(order))
        if order.filledQuantity == 0 { cancelWaitingExits(of: id, because: "its entry \(id) was cancelled: \(reason)") }
    }

    /// Fills `quantity` of an order at `price` when the strategy's cash (or position) covers it,
    /// books it, and lets brackets, OCO groups and the host's exits follow.
    func execute(_ id: ClientOrderID, quantity: Int64, at price: Price, bar: Bar) {
        guard var order = orders[id] else { return }
        let (micros, overflow) = price.micros.multipliedReportingOverflow(by: quantity)
        if let (rule, reason) = overflow
            ? ("venue", "\(quantity) × \(price) is beyond any account's value")
            : coverage(order, quantity: quantity, price: price, notional: Price(micros: micros))
        {
            try? order.apply(.rejected(reason))  // open orders always take a rejection
            order.rejectionRule = rule
            store(order)
            notify(order.strategy, .rejected(order))
            if order.filledQuantity == 0 { cancelWaitingExits(of: id, because: "its entry \(id) was rejected") }
            return
        }
        book(&order, quantity: quantity, price: price, time: bar.time)
    }

    /// Books a fill of `quantity` at `price`: the order's state, the journal, the account and the
    /// strategy's book with KRX costs, then brackets, OCO groups and the host's exits follow.
    /// `venue` is where it traded when a broker says; otherwise the venue the order was routed to.
    func book(_ order: inout Order, quantity: Int64, price: Price, time: Timestamp, venue: TradingVenue? = nil) {
        let micros = price.micros.multipliedReportingOverflow(by: quantity).partialValue
        let year = KRXTransactionCosts.settlementYear(tradeDate: CivilDate(time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds))
        let (commission, tax) = configuration.costs.costs(
            side: order.side, notional: Price(micros: micros), market: configuration.market(of: order.symbol), settlementYear: year)
        try? order.apply(.filled(quantity))  // quantity is at most the remainder of an open order
        store(order)
        let fill = Fill(
            order: order.id, strategy: order.strategy, symbol: order.symbol, side: order.side, quantity: quantity, price: price,
            commission: commission, tax: tax, time: time, venue: venue ?? order.route?.venue)
        journal?.record(fill: fill, event: eventIndex)
        portfolio.apply(fill)
        applyToBook(fill)
        if configuration.retainsHistory { fills.append(fill) }
        notify(order.strategy, .filled(fill))
        releaseExits(of: order, filled: quantity)
        if let group = order.ocoGroup { reduceSiblings(in: group, of: order) }
        syncProtection(strategy: order.strategy, symbol: order.symbol)
    }

    /// Books `fill` in its strategy's own book, in place: a copy taken out and put back would copy
    /// the book's positions on every fill.
    func applyToBook(_ fill: Fill) {
        if books[fill.strategy] == nil { books[fill.strategy] = book(fill.strategy) }
        books[fill.strategy]!.apply(fill)
    }

    /// Why the account cannot take the fill: cash short of a buy and its costs, or a sell of more
    /// than the strategy holds (no short selling).
    private func coverage(_ order: Order, quantity: Int64, price: Price, notional: Price) -> (rule: String, reason: String)? {
        let year = KRXTransactionCosts.settlementYear(tradeDate: currentDay ?? CivilDate(now, utcOffsetSeconds: KRXSessions.utcOffsetSeconds))
        let (commission, tax) = configuration.costs.costs(
            side: order.side, notional: notional, market: configuration.market(of: order.symbol), settlementYear: year)
        let cash = cash(for: order.strategy)
        if order.side == .buy, notional.micros + commission.micros + tax.micros > cash.micros {
            return ("cash", "cash \(cash) cannot cover \(quantity) × \(price) plus costs")
        }
        let held = book(order.strategy).position(order.symbol).quantity
        if order.side == .sell, quantity > held {
            return ("short_selling", "selling \(quantity) while holding \(held): short selling is not allowed")
        }
        return nil
    }

    /// A bracket entry's fill puts its exits on the book (or grows them) for what it bought.
    private func releaseExits(of entry: Order, filled quantity: Int64) {
        for id in open {
            guard var exit = orders[id], exit.parent == entry.id else { continue }
            if exit.status == .new {
                try? exit.apply(.modified(quantity: quantity, type: exit.type))  // a new order can be resized
                exit.createdAt = now
                accept(&exit, listed: true)
                notify(exit.strategy, .order(exit))
            } else if exit.status.isOpen {
                if exit.isAtVenue, let gateway {
                    gateway.modify(exit, quantity: exit.quantity + quantity, type: exit.type)
                    continue
                }
                try? exit.apply(.modified(quantity: exit.quantity + quantity, type: exit.type))  // growing is always valid
            }
            store(exit)
        }
    }

    /// One-cancels-other: when an order of `group` fills, the others keep only what it has left.
    private func reduceSiblings(in group: String, of order: Order) {
        for id in open where id != order.id {
            guard var sibling = orders[id], sibling.ocoGroup == group, sibling.status.isOpen, sibling.status != .new else { continue }
            if order.remainingQuantity == 0 {
                cancelByVenue(id, "OCO: \(order.id) filled")
            } else if sibling.remainingQuantity != order.remainingQuantity {
                if sibling.isAtVenue, let gateway {
                    gateway.modify(sibling, quantity: sibling.filledQuantity + order.remainingQuantity, type: sibling.type)
                    continue
                }
                try? sibling.apply(.modified(quantity: sibling.filledQuantity + order.remainingQuantity, type: sibling.type))  // above filled
                store(sibling)
            }
        }
    }
}
