import Foundation
import KumoCore
import KumoEngine
import KumoKiwoom

/// The engine's orders as Kiwoom requests, run on the REST queue: each outcome becomes a report
/// in the inbox; a send with no reply is left unanswered and a snapshot is taken so reconciliation
/// can look for it. Nothing is sent twice.
struct KiwoomOrderRouting: Sendable {
    let client: KiwoomRestClient
    let inbox: KiwoomInbox

    /// The Kiwoom order for an engine order, or why Kiwoom cannot take it: GTC, an order the host
    /// must trigger first, a market order to NXT, an NXT or SOR order on the mock server (KRX only).
    static func request(for order: Order, environment: KiwoomEnvironment) -> Result<KiwoomOrderRequest, BrokerError> {
        guard order.timeInForce != .gtc else { return .failure(.configuration("Kiwoom orders last one trading day; GTC is not offered (\(order.id))")) }
        if let refusal = OrderRouteRules.refusal(order, practice: environment == .mock ? "Kiwoom's mock server" : nil) { return .failure(refusal) }
        let route = order.route ?? .krx
        switch (order.routedType, order.timeInForce) {
        case (.market?, let tif):
            // 3 시장가, 13 시장가(IOC), 23 시장가(FOK).
            let type = tif == .ioc ? "13" : tif == .fok ? "23" : KiwoomOrderRequest.market
            return .success(KiwoomOrderRequest(exchange: route.description, symbol: order.symbol.code, quantity: order.remainingQuantity, price: nil, tradeType: type))
        case (.limit(let limit)?, let tif):
            // 0 보통, 10 보통(IOC), 20 보통(FOK).
            let type = tif == .ioc ? "10" : tif == .fok ? "20" : KiwoomOrderRequest.limit
            return .success(
                KiwoomOrderRequest(exchange: route.description, symbol: order.symbol.code, quantity: order.remainingQuantity, price: limit.micros / Price.scale, tradeType: type))
        default:
            return .failure(.configuration("Kiwoom takes market and limit orders; \(order.type.name) \(order.id) must trigger in the host first"))
        }
    }

    func submit(_ order: Order) {
        let request: KiwoomOrderRequest
        switch Self.request(for: order, environment: client.settings.environment) {
        case .success(let built): request = built
        case .failure(let error):
            inbox.post(.report(.rejected(order.id, code: "", message: error.message)))
            return
        }
        inbox.sent()
        switch client.call(order.side == .buy ? .buy : .sell, request, as: KiwoomOrderResponse.self) {
        case .answered(let reply):
            guard let number = reply.orderNumber, !number.isEmpty else {
                return inbox.post(.report(.rejected(order.id, code: "", message: "Kiwoom gave no order number: \(reply.returnMessage)")))
            }
            inbox.know(number, is: order.id, then: .report(.accepted(order.id, venueOrderID: number)))
        case .refused(let code, let message):
            inbox.post(.report(.rejected(order.id, code: String(code), message: message)))
        case .unknown(let why):
            inbox.unanswered(order.id)
            inbox.post(.log("order \(order.id) had no reply (\(why)); looking it up at the broker, not sending it again"))
            requestSnapshot()
        }
    }

    func cancel(_ order: Order) {
        guard let number = order.venueOrderID else { return inbox.post(.log("\(order.id) has no Kiwoom order number yet; cancel not sent")) }
        let request = KiwoomCancelRequest(exchange: (order.route ?? .krx).description, originalOrderNumber: number, symbol: order.symbol.code, quantity: nil)
        switch client.call(.cancel, request, as: KiwoomOrderResponse.self) {
        case .answered(let reply):
            inbox.post(.report(.cancelled(order.id, reason: "cancelled at Kiwoom (\(reply.orderNumber ?? number))")))
        case .refused(let code, let message):
            inbox.post(.log("Kiwoom refused to cancel \(order.id): \(code) \(message)"))
        case .unknown(let why):
            inbox.post(.log("cancel of \(order.id) had no reply (\(why)); the next reconciliation tells"))
            requestSnapshot()
        }
    }

    /// A new price goes through `kt10002` for all that remains (a new number); a lower quantity cancels the difference.
    func modify(_ order: Order, quantity: Int64, type: OrderType) {
        guard var number = order.venueOrderID else { return inbox.post(.log("\(order.id) has no Kiwoom order number yet; amendment not sent")) }
        let exchange = (order.route ?? .krx).description
        if type != order.type, case .limit(let price) = type {
            let request = KiwoomModifyRequest(exchange: exchange, originalOrderNumber: number, symbol: order.symbol.code, quantity: order.remainingQuantity, price: price.micros / Price.scale)
            switch client.call(.modify, request, as: KiwoomOrderResponse.self) {
            case .answered(let reply):
                let renumbered = reply.orderNumber ?? number
                inbox.know(renumbered, is: order.id, then: .report(.modified(order.id, venueOrderID: renumbered, quantity: order.quantity, type: type)))
                number = renumbered
            case .refused(let code, let message): return inbox.post(.log("Kiwoom refused to amend \(order.id) to \(price): \(code) \(message)"))
            case .unknown(let why):
                inbox.post(.log("amendment of \(order.id) had no reply (\(why)); the next reconciliation tells"))
                return requestSnapshot()
            }
        }
        guard quantity < order.quantity else { return }
        let request = KiwoomCancelRequest(exchange: exchange, originalOrderNumber: number, symbol: order.symbol.code, quantity: order.quantity - quantity)
        switch client.call(.cancel, request, as: KiwoomOrderResponse.self) {
        case .answered: inbox.post(.report(.modified(order.id, venueOrderID: number, quantity: quantity, type: type)))
        case .refused(let code, let message): inbox.post(.log("Kiwoom refused to lower \(order.id) to \(quantity): \(code) \(message)"))
        case .unknown(let why):
            inbox.post(.log("lowering \(order.id) had no reply (\(why)); the next reconciliation tells"))
            requestSnapshot()
        }
    }

    func requestSnapshot() {
        do { inbox.post(.snapshot(try snapshot())) } catch {
            inbox.problem("snapshot: \(error)")
            inbox.post(.log("the broker's account could not be read: \(error)"))
        }
    }

    /// The account at Kiwoom now: holdings (`kt00018`), cash after settlement (`kt00001` D+2), today's orders (`kt00007`).
    func snapshot() throws -> BrokerSnapshot {
        let unanswered = inbox.takeUnanswered()
        func answer<Reply>(_ outcome: KiwoomRestClient.Outcome<Reply>, _ what: String) throws -> Reply {
            switch outcome {
            case .answered(let reply): return reply
            case .refused(let code, let message): throw BrokerError(kind: .refused, code: String(code), message: "\(what): \(message)")
            case .unknown(let why): throw BrokerError.noReply("\(what): \(why)")
            }
        }
        do {
            let balance = try answer(client.call(.balance, KiwoomBalanceRequest(), as: KiwoomBalanceResponse.self), "kt00018")
            let deposit = try answer(client.call(.deposit, KiwoomDepositRequest(), as: KiwoomDepositResponse.self), "kt00001")
            let day = inbox.tradingDay()
            let detail = try answer(client.call(.orderDetail, KiwoomOrderDetailRequest(date: KiwoomEvents.dateText(day)), as: KiwoomOrderDetailResponse.self), "kt00007")
            let holdings = balance.holdings.compactMap { row -> BrokerSnapshot.Holding? in
                guard let symbol = Symbol(KiwoomNumber.code(row.symbol)), let quantity = KiwoomNumber.integer(row.quantity), let average = KiwoomNumber.price(row.averagePrice) else { return nil }
                return BrokerSnapshot.Holding(symbol: symbol, quantity: quantity, averagePrice: average)
            }
            let orders = detail.rows.compactMap { row -> BrokerSnapshot.OrderRecord? in
                guard let symbol = Symbol(KiwoomNumber.code(row.symbol)), let quantity = KiwoomNumber.integer(row.quantity) else { return nil }
                let filled = KiwoomNumber.integer(row.filledQuantity) ?? 0
                let remaining = KiwoomNumber.integer(row.remaining) ?? 0
                let price = KiwoomNumber.integer(row.price) ?? 0
                let time = (try? KiwoomEvents.instant(row.time, on: day, what: "kt00007 ord_tm")) ?? Timestamp(nanoseconds: 0)
                return BrokerSnapshot.OrderRecord(
                    venueOrderID: row.orderNumber, originalVenueOrderID: row.originalOrderNumber.allSatisfy { $0 == "0" } ? "" : row.originalOrderNumber,
                    symbol: symbol, side: row.isBuy ? .buy : .sell, quantity: quantity, limit: price > 0 ? Price(units: price) : nil, filledQuantity: filled,
                    filledAmount: Price(units: filled * (KiwoomNumber.integer(row.filledPrice) ?? 0)), remaining: remaining,
                    cancelled: row.amendment.contains("취소") ? quantity - filled - remaining : 0, rejected: 0, time: time)
            }
            return BrokerSnapshot(holdings: holdings, cash: Price(units: KiwoomNumber.integer(deposit.settledDeposit) ?? 0), orders: orders, unanswered: unanswered)
        } catch {
            for id in unanswered { inbox.unanswered(id) }
            throw error
        }
    }
}
