public import KumoCore
public import KumoEngine
public import KumoExecution

/// A strategy's parent orders (`ctx:execute`): at each of the symbol's bars in a parent's
/// interval the desk sends the child its algorithm asks for, as a market order through the
/// kernel (the risk gate and the venue see it like any order), and books the children's fills
/// against it: progress, average price, and slippage against the arrival price and the
/// market's VWAP over the parent's minutes.
public final class ExecutionDesk {
    /// One parent as the desk works it.
    public struct Working: Sendable {
        public var id: String
        public var symbol: Symbol
        public var side: OrderSide
        public var algorithm: String
        public var parent: ParentOrder
        public var children: [ClientOrderID] = []
        /// The children still working at the venue (the others are pruned as the minutes pass).
        var open: [ClientOrderID] = []
        public var state = "working"
        public var arrival: Double?
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

    public private(set) var parents: [Working] = []
    var byChild: [ClientOrderID: Int] = [:]

    public init() {}

    /// Whether no parent is working (the per-bar path skips the desk then): a stored flag, kept
    /// by ``advance(symbol:bar:kernel:strategy:)``, ``fill(_:)`` and ``cancel(_:kernel:)``.
    public private(set) var isIdle = true

    func updateIdle() { isIdle = !parents.contains { $0.state == "working" } }

    /// Starts a parent; returns its id.
    func start(_ parent: ParentOrder, symbol: Symbol, side: OrderSide, algorithm: String, profile: VolumeProfile?) -> String {
        let id = "parent-\(parents.count + 1)"
        parents.append(Working(id: id, symbol: symbol, side: side, algorithm: algorithm, parent: parent, profile: profile))
        isIdle = false
        return id
    }

    /// A bar of `symbol` closed: each working parent on it books the minute's market volume and
    /// sends its next child (filled by the venue from the next bar on).
    public func advance(symbol: Symbol, bar: Bar, kernel: Kernel, strategy: String) {
        defer { updateIdle() }
        let minute = VolumeProfile.minute(of: bar.time)
        for index in parents.indices where parents[index].symbol == symbol && parents[index].state == "working" {
            var working = parents[index]
            defer { parents[index] = working }
            if minute > working.parent.endMinute {
                finish(&working, kernel: kernel, state: working.parent.isDone ? "done" : "expired")
                continue
            }
            guard minute >= working.parent.startMinute else { continue }
            if working.arrival == nil { working.arrival = bar.open.doubleValue }
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
            let inFlight = working.open.reduce(Int64(0)) { sum, id in kernel.orders[id].map { sum + $0.quantity - $0.filledQuantity } ?? sum }
            let quantity = working.parent.child(at: next, expectedVolume: forecast, inFlight: inFlight)
            guard quantity > 0 else { continue }
            var request = OrderRequest(symbol: symbol, side: working.side, quantity: quantity)
            if let limit = working.parent.limit { request.type = .limit(Price(micros: Int64((limit * 1e6).rounded()))) }
            let child = kernel.submit(strategy: strategy, request)
            working.children.append(child.id)
            if child.status.isOpen { working.open.append(child.id) }
            byChild[child.id] = index
        }
    }

    /// A fill of one of the desk's children: booked against its parent.
    public func fill(_ fill: Fill) {
        guard let index = byChild[fill.order] else { return }
        parents[index].parent.recordFill(fill.quantity)
        parents[index].cost += Double(fill.quantity) * fill.price.doubleValue
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

    func finish(_ working: inout Working, kernel: Kernel, state: String) {
        for child in working.open where kernel.orders[child]?.status.isOpen == true { _ = kernel.cancel(child) }
        working.open.removeAll()
        working.state = state
    }

    public func parent(_ id: String) -> Working? { parents.first { $0.id == id } }
}
