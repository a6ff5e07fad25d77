import Foundation
import KumoCore
import KumoEngine
import KumoKIS

/// The engine's orders as KIS requests, run on the REST thread: each outcome becomes a report in
/// the inbox; a send with no reply is left unanswered and a snapshot is taken so reconciliation can
/// look for it. Nothing is sent twice.
struct KISOrderRouting {
    let client: KISRestClient
    let inbox: KISBrokerInbox
    let account: KISAccount
    let environment: KISEnvironment

    func perform(_ command: KISRestWorker.Command) {
        switch command {
        case .submit(let order): submit(order)
        case .cancel(let order): cancel(order)
        case .modify(let order, let quantity, let type): modify(order, quantity: quantity, type: type)
        case .snapshot:
            do { inbox.post(.snapshot(try Self.snapshot(client: client, inbox: inbox))) } catch {
                inbox.problem("snapshot: \(error)")
                inbox.post(.log("the broker's account could not be read: \(error)"))
            }
        case .call(let work): work(client)
        case .stop: break
        }
    }

    /// The KIS order for an engine order, or why KIS cannot take it: GTC, an order the host must
    /// trigger first, a market order to NXT (NXT takes none), an NXT or SOR order on paper (KRX only).
    static func request(for order: Order, account: KISAccount, environment: KISEnvironment = .real) -> Result<KISCashOrder, BrokerError> {
        guard order.timeInForce != .gtc else { return .failure(.configuration("KIS orders last one trading day; GTC is not offered (\(order.id))")) }
        if let refusal = OrderRouteRules.refusal(order, practice: environment == .paper ? "KIS paper trading" : nil) { return .failure(refusal) }
        let route = order.route ?? .krx
        let division: KISOrderDivision
        var price = Price(micros: 0)
        switch (order.routedType, order.timeInForce) {
        case (.market?, .ioc): division = .marketIOC
        case (.market?, .fok): division = .marketFOK
        case (.market?, _): division = .market
        case (.limit(let limit)?, let tif):
            price = limit
            division = tif == .ioc ? .limitIOC : tif == .fok ? .limitFOK : .limit
        default: return .failure(.configuration("KIS takes market and limit orders; \(order.type.name) \(order.id) must trigger in the host first"))
        }
        var cash = KISCashOrder(account: account, symbol: order.symbol.code, isBuy: order.side == .buy, division: division, quantity: order.remainingQuantity, price: price)
        cash.exchange = route.description
        return .success(cash)
    }

    func submit(_ order: Order) {
        let request: KISCashOrder
        switch Self.request(for: order, account: account, environment: environment) {
        case .success(let built): request = built
        case .failure(let error):
            inbox.post(.report(.rejected(order.id, code: "", message: error.message)))
            return
        }
        inbox.sent()
        switch client.submit(request) {
        case .accepted(let receipt):
            inbox.know(receipt.orderNumber, is: order.id, branch: receipt.branch, then: .report(.accepted(order.id, venueOrderID: receipt.orderNumber)))
        case .refused(let error):
            inbox.post(.report(.rejected(order.id, code: error.code, message: error.message)))
        case .unknown(let why):
            inbox.unanswered(order.id, why)
            inbox.post(.log("order \(order.id) had no reply (\(why)); looking it up at the broker, not sending it again"))
            perform(.snapshot)
        }
    }

    func revise(_ order: Order, number: String? = nil, cancel: Bool, quantity: Int64?, price: Price) -> KISOrderOutcome? {
        guard let number = number ?? order.venueOrderID else {
            inbox.post(.log("\(order.id) has no KIS order number yet; \(cancel ? "cancel" : "amend") not sent"))
            return nil
        }
        let division: KISOrderDivision = if case .limit = order.type { .limit } else { .market }
        var request = KISReviseOrder(account: account, branch: inbox.branch(for: number), originalOrderNumber: number, division: division, isCancel: cancel, quantity: quantity, price: price)
        request.exchange = (order.route ?? .krx).description
        return client.revise(request)
    }

    func cancel(_ order: Order) {
        switch revise(order, cancel: true, quantity: nil, price: Price(micros: 0)) {
        case .accepted(let receipt)?:
            inbox.know(receipt.orderNumber, is: order.id, then: .report(.cancelled(order.id, reason: "cancelled at KIS (\(receipt.orderNumber))")))
        case .refused(let error)?:
            inbox.post(.log("KIS refused to cancel \(order.id): \(error)"))
        case .unknown(let why)?:
            inbox.post(.log("cancel of \(order.id) had no reply (\(why)); the next reconciliation tells"))
            perform(.snapshot)
        case nil: break
        }
    }

    /// KRX amends a price for all that remains (under a new number) and lowers a quantity by cancelling part.
    func modify(_ order: Order, quantity: Int64, type: OrderType) {
        var number = order.venueOrderID
        if type != order.type, case .limit(let price) = type {
            switch revise(order, cancel: false, quantity: nil, price: price) {
            case .accepted(let receipt)?:
                inbox.know(receipt.orderNumber, is: order.id, then: .report(.modified(order.id, venueOrderID: receipt.orderNumber, quantity: order.quantity, type: type)))
                number = receipt.orderNumber
            case .refused(let error)?:
                return inbox.post(.log("KIS refused to amend \(order.id) to \(price): \(error)"))
            case .unknown(let why)?:
                inbox.post(.log("amendment of \(order.id) had no reply (\(why)); the next reconciliation tells"))
                return perform(.snapshot)
            case nil: return
            }
        }
        guard quantity < order.quantity else { return }
        switch revise(order, number: number, cancel: true, quantity: order.quantity - quantity, price: Price(micros: 0)) {
        case .accepted?:
            inbox.post(.report(.modified(order.id, venueOrderID: number ?? "", quantity: quantity, type: type)))
        case .refused(let error)?:
            inbox.post(.log("KIS refused to lower \(order.id) to \(quantity): \(error)"))
        case .unknown(let why)?:
            inbox.post(.log("lowering \(order.id) had no reply (\(why)); the next reconciliation tells"))
            perform(.snapshot)
        case nil: break
        }
    }

    /// The account at KIS now: holdings, cash after settlement, today's orders.
    static func snapshot(client: KISRestClient, inbox: KISBrokerInbox) throws -> BrokerSnapshot {
        let unanswered = inbox.takeUnanswered()
        do {
            let now = Date()
            let today = KISTime.date(Timestamp(nanoseconds: Int64(now.timeIntervalSince1970 * 1e9)))
            let (holdings, summary) = try client.balance()
            let orders = try client.dailyOrders(from: today, to: today)
            var records: [BrokerSnapshot.OrderRecord] = []
            for row in orders {
                guard let symbol = Symbol(row.symbol) else { continue }
                inbox.rememberBranch(row.orderNumber, row.branch)
                let time = (try? KISTime.instant(date: row.date, time: row.time, what: "daily-ccld")) ?? Timestamp(nanoseconds: 0)  // a row without a time still counts
                records.append(
                    BrokerSnapshot.OrderRecord(
                        venueOrderID: row.orderNumber, originalVenueOrderID: row.originalOrderNumber, symbol: symbol, side: row.isBuy ? .buy : .sell,
                        quantity: row.quantity, limit: row.division == "01" ? nil : row.price, filledQuantity: row.filledQuantity, filledAmount: row.filledAmount,
                        remaining: row.remaining, cancelled: row.cancelled, rejected: row.rejected, time: time))
            }
            return BrokerSnapshot(
                holdings: holdings.compactMap { holding in Symbol(holding.symbol).map { .init(symbol: $0, quantity: holding.quantity, averagePrice: holding.averagePrice) } },
                cash: summary.settledCash, orders: records, unanswered: unanswered)
        } catch {
            for id in unanswered { inbox.unanswered(id, "still unanswered: the snapshot failed") }
            throw error
        }
    }
}

