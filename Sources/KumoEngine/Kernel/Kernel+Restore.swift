public import KumoCore

extension Kernel {
    /// Rebuilds the account from a journal: the orders in their last state and the fills in the
    /// order they were booked; `eventIndex` is the last event the journal saw. Strategies are
    /// then replayed over the events again (see ``matchedThrough``) to rebuild their own state.
    public func restore(orders restored: [Order], fills booked: [Fill], lastEvent: Int) {
        precondition(fills.isEmpty && orders.isEmpty, "restore into a fresh kernel only")
        for fill in booked {
            portfolio.apply(fill)
            if !fill.isCorrection { applyToBook(fill) }
            fills.append(fill)
        }
        for order in restored {
            orders[order.id] = order
            if order.status.isOpen { open.append(order) }
        }
        sequence = restored.count
        matchedThrough = lastEvent
    }

    /// After ``restore(orders:fills:lastEvent:)`` with a live broker feed, which cannot be replayed:
    /// event numbers go on from the journal's last, and the next event trades.
    public func continueAfterRestore() { eventIndex = max(eventIndex, matchedThrough) }
}
