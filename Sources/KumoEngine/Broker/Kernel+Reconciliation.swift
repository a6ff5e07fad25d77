public import KumoCore

/// What a reconciliation changed to bring the journal to the broker's account, line by line.
public struct ReconciliationReport: Sendable, Equatable {
    /// Fills the broker had and the journal did not, applied now.
    public var missingFills: [ClientOrderID] = []
    /// Orders whose reply was lost, found at the broker.
    public var found: [ClientOrderID] = []
    /// Orders whose send had no reply and that the broker does not have: rejected, not resent.
    public var notPlaced: [ClientOrderID] = []
    /// Broker orders nobody here placed, taken in under strategy `broker`.
    public var adopted: [ClientOrderID] = []
    /// Orders the broker finished (cancelled, rejected) while the journal had them open.
    public var closed: [ClientOrderID] = []
    /// Positions set to the broker's, by how much they moved.
    public var positions: [Symbol: Int64] = [:]
    /// How far cash moved to the broker's figure.
    public var cashChange = Price(micros: 0)
    /// One sentence per change, for the log and the console.
    public var lines: [String] = []
    /// Differences seen but not acted on, because a live feed may still explain them (a fill notice
    /// or a reply in flight); the next pass acts on those it sees again unchanged.
    public var unconfirmed = ReconciliationDifferences()

    public init() {}

    /// Whether the journal already agreed with the broker.
    public var isClean: Bool { lines.isEmpty }
}

/// Fills, positions and cash that differ from the broker's, by how much.
public struct ReconciliationDifferences: Sendable, Equatable {
    public var fills: [ClientOrderID: Int64] = [:]
    public var positions: [Symbol: Int64] = [:]
    public var cash: Int64 = 0

    public init() {}
}

extension Kernel {
    /// Brings the account to the broker's `snapshot`, the broker being the truth: its fills that
    /// the journal lacks are applied, an order whose reply was lost is found (or, when the broker
    /// does not have it, rejected and not resent), orders nobody here placed are adopted,
    /// orders it finished are closed, then positions and cash are set to its figures.
    ///
    /// While a live feed runs, a fill notice or a reply may be in flight when the snapshot is taken:
    /// pass the previous pass's ``ReconciliationReport/unconfirmed`` as `confirming`, and missing
    /// fills, positions and cash change only where the same difference was seen then too. Without
    /// it (at start, before the feed, or on the operator's word) every difference is acted on.
    public func reconcile(
        with snapshot: BrokerSnapshot, strategies: [any EngineStrategy], confirming previous: ReconciliationDifferences? = nil
    ) -> ReconciliationReport {
        var report = ReconciliationReport()
        var known = ordersByVenueID
        var brokerFilled: [ClientOrderID: (quantity: Int64, amount: Int64, last: BrokerSnapshot.OrderRecord)] = [:]
        var claimed: Set<ClientOrderID> = []
        for record in snapshot.orders {
            var id = known[record.venueOrderID] ?? (record.originalVenueOrderID.isEmpty ? nil : known[record.originalVenueOrderID])
            if id == nil, let lost = lostOrder(matching: record, excluding: claimed) {
                id = lost
                handle(.accepted(lost, venueOrderID: record.venueOrderID), strategies: strategies)
                report.found.append(lost)
                report.lines.append("order \(lost) had no reply; the broker has it as \(record.venueOrderID)")
            }
            if id == nil {
                let adopted = adopt(
                    id: ClientOrderID("broker-\(record.venueOrderID)"), strategy: "broker", symbol: record.symbol, side: record.side,
                    quantity: record.quantity, type: record.limit.map { .limit($0) } ?? .market, venueOrderID: record.venueOrderID, at: now)
                id = adopted.id
                report.adopted.append(adopted.id)
                report.lines.append("adopted broker order \(record.venueOrderID): \(record.side.rawValue) \(record.quantity) \(record.symbol)")
            }
            guard let id else { continue }
            known[record.venueOrderID] = id
            claimed.insert(id)
            let sum = brokerFilled[id].map { ($0.quantity + record.filledQuantity, $0.amount + record.filledAmount.micros) } ?? (record.filledQuantity, record.filledAmount.micros)
            brokerFilled[id] = (sum.0, sum.1, record)
        }
        for (id, broker) in brokerFilled.sorted(by: { $0.key < $1.key }) {
            settle(id, broker: broker, report: &report, strategies: strategies, confirming: previous)
        }
        for id in snapshot.unanswered where orders[id]?.status == .submitted && orders[id]?.venueOrderID == nil {
            handle(.rejected(id, code: "", message: "no reply from the broker, and it has no such order: it was not placed and is not sent again"), strategies: strategies)
            report.notPlaced.append(id)
            report.lines.append("order \(id) never reached the broker: rejected, not resent")
        }
        correctPositions(to: snapshot, report: &report, confirming: previous)
        let difference = snapshot.cash.micros - portfolio.cash.micros
        if difference != 0 {
            if previous == nil || previous?.cash == difference {
                let change = correctCash(to: snapshot.cash)
                report.cashChange = change
                report.lines.append("cash set to the broker's \(snapshot.cash) (moved \(change))")
            } else {
                report.unconfirmed.cash = difference
            }
        }
        return report
    }

    /// A kernel order sent with no reply that `record` is: same symbol, side, quantity and price.
    private func lostOrder(matching record: BrokerSnapshot.OrderRecord, excluding claimed: Set<ClientOrderID>) -> ClientOrderID? {
        openOrders().first { order in
            order.status == .submitted && order.venueOrderID == nil && order.isAtVenue && !claimed.contains(order.id) && order.symbol == record.symbol
                && order.side == record.side && order.quantity == record.quantity && order.routedType == (record.limit.map { OrderType.limit($0) } ?? .market)
        }?.id
    }

    /// Applies the fills of `id` the journal lacks and closes it when the broker finished it.
    private func settle(
        _ id: ClientOrderID, broker: (quantity: Int64, amount: Int64, last: BrokerSnapshot.OrderRecord), report: inout ReconciliationReport,
        strategies: [any EngineStrategy], confirming previous: ReconciliationDifferences?
    ) {
        guard let order = orders[id] else { return }
        let mine = fills.filter { $0.order == id }
        let missing = broker.quantity - order.filledQuantity
        if missing > 0, order.status.isOpen, previous != nil, previous?.fills[id] != missing {
            report.unconfirmed.fills[id] = missing  // a notice may be on its way
            return
        }
        if missing > 0, order.status.isOpen {
            let amount = broker.amount - mine.reduce(Int64(0)) { $0 + $1.price.micros * $1.quantity }
            let price = Price(units: max(1, (amount / missing + Price.scale / 2) / Price.scale))
            handle(.filled(id, quantity: missing, price: price, time: now), strategies: strategies)
            report.missingFills.append(id)
            report.lines.append("applied a missing fill of \(missing) \(order.symbol) at \(price) to \(id)")
        }
        guard let after = orders[id], after.status.isOpen, broker.last.remaining == 0, broker.quantity < after.quantity else { return }
        if broker.last.rejected > 0, broker.quantity == 0 {
            handle(.rejected(id, code: "", message: "rejected at the broker"), strategies: strategies)
        } else {
            handle(.cancelled(id, reason: "cancelled at the broker"), strategies: strategies)
        }
        report.closed.append(id)
        report.lines.append("order \(id) is finished at the broker: \(orders[id]?.status.rawValue ?? "")")
    }

    private func correctPositions(to snapshot: BrokerSnapshot, report: inout ReconciliationReport, confirming previous: ReconciliationDifferences?) {
        let held = Dictionary(uniqueKeysWithValues: snapshot.holdings.map { ($0.symbol, $0) })
        let symbols = Set(held.keys).union(portfolio.positions.filter { $0.value.quantity != 0 }.keys).sorted()
        for symbol in symbols {
            let target = held[symbol]?.quantity ?? 0
            let difference = target - portfolio.position(symbol).quantity
            if difference != 0, previous != nil, previous?.positions[symbol] != difference {
                report.unconfirmed.positions[symbol] = difference
                continue
            }
            let price = held[symbol]?.averagePrice ?? lastBars[symbol]?.close ?? Price(units: 1)
            let moved = correctPosition(symbol, to: target, at: price)
            if moved != 0 {
                report.positions[symbol] = moved
                report.lines.append("position \(symbol) set to the broker's \(target) (moved \(moved))")
            }
        }
    }
}
