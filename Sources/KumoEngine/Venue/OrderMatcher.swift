public import KumoCore

/// Finds where a bar fills an order along ``VenueModel/path(_:)``: the price before slippage, or
/// nil when the bar never reaches it. Updates the order's trigger and trailing state as the path
/// passes.
enum OrderMatcher {
    static func price(for order: inout Order, bar: Bar, holdsClosingAuction: Bool) -> Price? {
        let path = VenueModel.path(bar)
        switch order.type {
        case .market: return bar.open
        case .marketOnClose: return holdsClosingAuction ? bar.close : nil
        case .limit(let limit): return limitFill(side: order.side, limit: limit, path: path[...])
        case .stop(let trigger):
            if order.isTriggered { return bar.open }
            guard let (price, _) = triggerPoint(side: order.side, trigger: trigger, path: path) else { return nil }
            order.isTriggered = true
            return price
        case .stopLimit(let trigger, let limit):
            if order.isTriggered { return limitFill(side: order.side, limit: limit, path: path[...]) }
            guard let (price, rest) = triggerPoint(side: order.side, trigger: trigger, path: path) else { return nil }
            order.isTriggered = true
            return limitFill(side: order.side, limit: limit, path: [price] + rest)
        case .trailingStop(let offset):
            if order.isTriggered { return bar.open }
            return trail(&order, offset: offset, path: path)
        }
    }

    /// Where a limit order resting from the path's first point fills: there when it is already
    /// at the limit or better, else at the limit when a later segment reaches it.
    static func limitFill(side: OrderSide, limit: Price, path: ArraySlice<Price>) -> Price? {
        guard let first = path.first else { return nil }
        if better(first, than: limit, for: side) { return first }
        return path.dropFirst().contains { better($0, than: limit, for: side) } ? limit : nil
    }

    /// Where the path first trades at `trigger` or worse for the order's side, and what follows.
    static func triggerPoint(side: OrderSide, trigger: Price, path: [Price]) -> (Price, ArraySlice<Price>)? {
        if reached(path[0], trigger, side) { return (path[0], path.dropFirst()) }
        for index in 1..<path.count where reached(path[index], trigger, side) {
            return (trigger, path[index...])
        }
        return nil
    }

    /// A trailing stop walks the path: moves toward the order's side raise (sell) or lower (buy)
    /// the best price, and the stop fires where a move against it crosses the level.
    static func trail(_ order: inout Order, offset: TrailingOffset, path: [Price]) -> Price? {
        var best = order.trailingBest ?? path[0]
        for (index, price) in path.enumerated() {
            let level = offset.level(from: best, side: order.side)
            if reached(price, level, order.side) {
                order.isTriggered = true
                order.trailingBest = best
                return index == 0 ? price : level
            }
            best = order.side == .sell ? max(best, price) : min(best, price)
        }
        order.trailingBest = best
        return nil
    }

    /// Whether `price` is at `limit` or better for a `side` order.
    static func better(_ price: Price, than limit: Price, for side: OrderSide) -> Bool {
        side == .buy ? price <= limit : price >= limit
    }

    /// Whether `price` has reached a stop at `trigger`: a buy stop fires at or above, a sell at or below.
    static func reached(_ price: Price, _ trigger: Price, _ side: OrderSide) -> Bool {
        side == .buy ? price >= trigger : price <= trigger
    }
}
