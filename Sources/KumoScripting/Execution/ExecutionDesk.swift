public import KumoCore
public import KumoEngine
public import KumoExecution

/// A strategy's parent orders (`ctx:execute`): at each of the symbol's bars in a parent's
/// interval the desk sends the child its algorithm asks for through the kernel (the risk gate and
/// the venue see it like any order), routed to KRX, NXT, the broker's SOR, or split by the desk's
/// own smart router over both venues' books; and books the children's fills against it:
/// progress, average price, where each fill traded, and slippage against the arrival price and
/// the market's VWAP over the parent's minutes.
public final class ExecutionDesk {
    /// How a parent's children are routed.
    public enum Routing: String, Sendable, CaseIterable {
        case krx, nxt, sor
        /// The desk's ``SmartRouter`` over the latest KRX and NXT books (KRX while none is known).
        case smart
    }

    /// One parent as the desk works it.
    public struct Working: Sendable {
        public var id: String
        public var symbol: Symbol
        public var side: OrderSide
        public var algorithm: String
        public var parent: ParentOrder
        public var routing: Routing = .krx
        /// The widest spread, in ticks, at which a child is sent; a wider book pauses the parent.
        public var maxSpreadTicks: Int?
        /// A band around the arrival price, in basis points: no child is priced beyond it.
        public var bandBP: Double?
        public var children: [ClientOrderID] = []
        /// The children still working at the venue (the others are pruned as the minutes pass).
        var open: [ClientOrderID] = []
        public var state = "working"
        public var arrival: Double?
        /// Shares filled per venue (KRX where the venue did not say).
        public var filledByVenue: [TradingVenue: Int64] = [:]
        /// The latest routing decisions, newest last (at most ``ExecutionDesk/routeLog``).
        public var routes: [String] = []
        /// Minutes a child was held back because the spread was too wide.
        public var pausedMinutes = 0
        var cost = 0.0
        var marketValue = 0.0
        var recent: [Double] = []
        var profile: VolumeProfile?

        public var filled: Int64 { parent.filled }
        public var averagePrice: Double { parent.filled > 0 ? cost / Double(parent.filled) : 0 }
        /// The market's volume-weighted typical price over the minutes worked so far.
        public var intervalVWAP: Double { parent.marketVolume > 0 ? marketValue / Double(parent.marketVolume) : 0 }
        var sign: Double { side == .buy ? 1 : -1 }
        /// Cost against the interval VWAP and against the arrival price, in basis points (positive: worse).
        public var slippageVersusVWAPbp: Double { intervalVWAP > 0 && filled > 0 ? sign * (averagePrice / intervalVWAP - 1) * 10_000 : 0 }
        public var implementationShortfallbp: Double { (arrival ?? 0) > 0 && filled > 0 ? sign * (averagePrice / arrival! - 1) * 10_000 : 0 }
    }

    /// How many routing decisions a parent keeps.
    public static let routeLog = 50

    public private(set) var parents: [Working] = []
    var byChild: [ClientOrderID: Int] = [:]
    /// The strategy's market makers (`ctx:make_market`), and which maker each quote order is.
    public internal(set) var makers: [Maker] = []
    var byMaker: [ClientOrderID: String] = [:]
    public var router = SmartRouter()

    public init() {}

    /// Whether no parent is working and no maker quoting (the per-event path skips the desk then):
    /// a stored flag, kept as parents and makers start and end.
    public internal(set) var isIdle = true

    func updateIdle() { isIdle = !parents.contains { $0.state == "working" } && !makers.contains { $0.state == "quoting" } }

    /// A print of `symbol`: its market makers requote.
    public func advance(symbol: Symbol, tick: Tick, kernel: Kernel, strategy: String) {
        if !makers.isEmpty { requote(symbol: symbol, kernel: kernel, strategy: strategy) }
    }

    /// Starts a parent; returns its id.
    func start(_ working: Working) -> String {
        var working = working
        working.id = "parent-\(parents.count + 1)"
        parents.append(working)
        isIdle = false
        return working.id
    }

    /// A bar of `symbol` closed: each working parent on it books the minute's market volume and
    /// sends its next child (filled by the venue from the next bar on).
    public func advance(symbol: Symbol, bar: Bar, kernel: Kernel, strategy: String) {
        defer { updateIdle() }
        if !makers.isEmpty { requote(symbol: symbol, kernel: kernel, strategy: strategy) }
        let minute = VolumeProfile.minute(of: bar.time)
        for index in parents.indices where parents[index].symbol == symbol && parents[index].state == "working" {
            var working = parents[index]
            defer { parents[index] = working }
            if minute > working.parent.endMinute {
                finish(&working, kernel: kernel, state: working.parent.isDone ? "done" : "expired")
                continue
            }
            guard minute >= working.parent.startMinute else { continue }
            if working.arrival == nil { arrive(&working, at: bar.open, kernel: kernel) }
            let typical = VolumeProfile.typicalPrice(bar)
            working.parent.recordVolume(bar.volume)
            working.marketValue += typical * Double(bar.volume)
            working.recent.append(Double(bar.volume))
            guard !working.parent.isDone else {
                working.state = "done"
                continue
            }
            // The child for the next minute, forecast from this day's volume so far.
            let next = minute + 1
            guard next <= working.parent.endMinute else { continue }
            let forecast = VolumeProfile.forecast(working.profile, minute: next, start: working.parent.startMinute, recent: working.recent)
            working.open.removeAll { kernel.orders[$0]?.status.isOpen != true }
            let quantity = working.parent.child(at: next, expectedVolume: forecast, inFlight: inFlight(working, kernel))
            guard quantity > 0 else { continue }
            if let spread = wideSpread(working, kernel: kernel) {
                working.pausedMinutes += 1
                log(&working, kernel, "paused: the spread is \(spread) ticks, wider than \(working.maxSpreadTicks!)")
                continue
            }
            send(quantity, for: &working, index: index, kernel: kernel, strategy: strategy)
        }
    }

    /// The first minute: the arrival price, and the band around it tightening the limit.
    func arrive(_ working: inout Working, at price: Price, kernel: Kernel) {
        working.arrival = price.doubleValue
        guard let band = working.bandBP else { return }
        let edge = price.doubleValue * (1 + working.sign * band / 10_000)
        let date = CivilDate(kernel.now, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        let market = kernel.configuration.market(of: working.symbol)
        let raw = Price(micros: Int64((edge * 1e6).rounded()))
        let onGrid = (market.followsKRXRules ? KRXTickSize.round(raw, working.side == .buy ? .down : .up, market: market, on: date) : raw).doubleValue
        working.parent.limit = working.parent.limit.map { working.side == .buy ? min($0, onGrid) : max($0, onGrid) } ?? onGrid
    }

    /// Shares of earlier children still working at the venue.
    func inFlight(_ working: Working, _ kernel: Kernel) -> Int64 {
        working.open.reduce(Int64(0)) { sum, id in kernel.orders[id].map { sum + $0.remainingQuantity } ?? sum }
    }

    /// The spread in ticks when the parent has a ceiling on it and the best known book is wider.
    func wideSpread(_ working: Working, kernel: Kernel) -> Int? {
        guard let ceiling = working.maxSpreadTicks else { return nil }
        let books = kernel.venueQuotes[working.symbol]?.values.map { $0 } ?? kernel.quotes[working.symbol].map { [$0] } ?? []
        let spreads = books.compactMap { book -> Int? in
            guard let bid = book.bids.first?.price, let ask = book.asks.first?.price else { return nil }
            let tick = KRXTickSize.tick(for: bid, market: kernel.configuration.market(of: working.symbol)).micros
            return Int((ask.micros - bid.micros) / max(tick, 1))
        }
        guard let tightest = spreads.min(), tightest > ceiling else { return nil }
        return tightest
    }

    /// Sends a child of `quantity`: one order on the parent's route, or the smart router's slices.
    func send(_ quantity: Int64, for working: inout Working, index: Int, kernel: Kernel, strategy: String) {
        let limit = working.parent.limit.map { Price(micros: Int64(($0 * 1e6).rounded())) }
        var requests: [OrderRequest] = []
        let books = kernel.venueQuotes[working.symbol] ?? [:]
        if working.routing == .smart, !books.isEmpty {
            do throws(ExecutionError) {
                for slice in try router.route(isBuy: working.side == .buy, quantity: quantity, limit: limit, at: kernel.now, books: books) {
                    var request = OrderRequest(symbol: working.symbol, side: working.side, quantity: slice.quantity, route: OrderRoute(slice.venue))
                    // A taking slice is a marketable limit at the worst level it was sized on: it
                    // never walks past what was seen, and what it misses works on as a resting child.
                    if let price = slice.price { request.type = .limit(price) }
                    requests.append(request)
                    log(&working, kernel, slice.description)
                }
            } catch {
                log(&working, kernel, "held: \(error.description)")
                return
            }
        } else {
            let route: OrderRoute = switch working.routing {
            case .krx, .smart: .krx
            case .nxt: .nxt
            case .sor: .sor
            }
            requests = [OrderRequest(symbol: working.symbol, side: working.side, quantity: quantity, type: limit.map(OrderType.limit) ?? .market, route: route)]
            if working.routing == .smart { log(&working, kernel, "\(quantity) to KRX: no venue's book is known") }
        }
        for request in requests {
            let child = kernel.submit(strategy: strategy, request)
            working.children.append(child.id)
            if child.status.isOpen { working.open.append(child.id) }
            byChild[child.id] = index
        }
    }

    func log(_ working: inout Working, _ kernel: Kernel, _ line: String) {
        let clock = kernel.now.civil(utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        working.routes.append("\(clock.hour < 10 ? "0" : "")\(clock.hour):\(clock.minute < 10 ? "0" : "")\(clock.minute) \(line)")
        if working.routes.count > Self.routeLog { working.routes.removeFirst(working.routes.count - Self.routeLog) }
    }

    /// A fill of one of the desk's children: booked against its parent.
    public func fill(_ fill: Fill) {
        if !byMaker.isEmpty { makerFill(fill) }
        guard let index = byChild[fill.order] else { return }
        parents[index].parent.recordFill(fill.quantity)
        parents[index].cost += Double(fill.quantity) * fill.price.doubleValue
        parents[index].filledByVenue[fill.venue ?? .krx, default: 0] += fill.quantity
        if parents[index].parent.isDone {
            parents[index].state = "done"
            updateIdle()
        }
    }

    /// Cancels parent `id` and its working children; the refusal's reason, or nil.
    public func cancel(_ id: String, kernel: Kernel) -> String? {
        guard let index = parents.firstIndex(where: { $0.id == id }) else { return "no parent order \(id)" }
        guard parents[index].state == "working" else { return "parent \(id) is already \(parents[index].state)" }
        finish(&parents[index], kernel: kernel, state: "cancelled")
        updateIdle()
        return nil
    }

    /// Resizes parent `id` to `quantity`: working children beyond the new remainder are cut down
    /// (the newest first) or cancelled. The refusal's reason, or nil.
    public func resize(_ id: String, to quantity: Int64, kernel: Kernel, strategy: String) -> String? {
        guard let index = parents.firstIndex(where: { $0.id == id }) else { return "no parent order \(id)" }
        guard parents[index].state == "working" else { return "parent \(id) is already \(parents[index].state)" }
        do throws(ExecutionError) { try parents[index].parent.resize(to: quantity) } catch { return error.description }
        var excess = inFlight(parents[index], kernel) - parents[index].parent.remaining
        for child in parents[index].open.reversed() where excess > 0 {
            guard let order = kernel.orders[child], order.status.isOpen else { continue }
            let cut = min(excess, order.remainingQuantity)
            let problem = cut == order.remainingQuantity ? kernel.cancel(child) : kernel.modify(child, by: strategy, quantity: order.quantity - cut)
            if problem == nil { excess -= cut }
        }
        if parents[index].parent.isDone { parents[index].state = "done" }
        updateIdle()
        return nil
    }

    func finish(_ working: inout Working, kernel: Kernel, state: String) {
        for child in working.open where kernel.orders[child]?.status.isOpen == true { _ = kernel.cancel(child) }
        working.open.removeAll()
        working.state = state
    }

    public func parent(_ id: String) -> Working? { parents.first { $0.id == id } }
}
