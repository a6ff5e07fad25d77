public import Foundation
public import KumoCore
import KumoKIS
public import KumoKiwoom

/// The Kiwoom simulator: the REST transactions Kumo uses (token, orders, balance, deposit, order
/// detail) with Kiwoom's shapes and `return_code`s, its WebSocket (LOGIN, REG, PING, REAL `0B`
/// `0D` `00`), and the same simulated exchange and replayed market as the KIS simulator, so one
/// strategy can be run against either broker and its orders compared.
public actor KiwoomSimulator {
    nonisolated public let settings: KiwoomSimulatorSettings
    public internal(set) var exchange: SimulatedExchange
    let prints: [SimulatedExchange.Print]
    public internal(set) var printIndex = 0
    var tokens: Set<String> = []
    var sessions: [Int: Session] = [:]
    var nextSession = 1
    var fillNumber = 0
    /// What the simulator served, for the tests: calls by api-id.
    public internal(set) var callsByAPI: [String: Int] = [:]

    struct Session {
        var continuation: AsyncStream<SimulatorFrame>.Continuation
        var loggedIn = false
        var items: Set<String> = []
        var types: Set<String> = []
    }

    public init(settings: KiwoomSimulatorSettings, seed: UInt64 = 7) {
        self.settings = settings
        exchange = SimulatedExchange(cash: settings.cash)
        var generator = SplitMix64(seed: seed)
        prints = SimulatedExchange.prints(of: settings.market, nextradeShare: settings.nextradeShare, generator: &generator)
    }

    public var hasMorePrints: Bool { printIndex < prints.count }

    /// Prints replayed a second by the server's pacing loop (0 pauses the market).
    public var pace: Double = 0
    public func setPace(_ value: Double) { pace = max(0, value) }

    /// Replays the next `count` prints: the account's orders fill, subscribers get trades, books and notices.
    @discardableResult
    public func step(_ count: Int = 1) -> Int {
        var played = 0
        while played < count, printIndex < prints.count {
            let print = prints[printIndex]
            printIndex += 1
            played += 1
            let notices = exchange.replay(print)
            if print.venue == .krx { pushMarket(print) }
            for notice in notices { push(notice) }
        }
        return played
    }

    /// Forgets every token issued, as their expiry would: the next call is refused with 8005.
    public func expireTokens() { tokens.removeAll() }

    // MARK: REST

    /// Answers one REST call: `apiID` from the `api-id` header, the bearer token, the JSON body.
    public func handle(apiID: String, authorization: String?, body: Data) -> (status: Int, body: Data) {
        callsByAPI[apiID, default: 0] += 1
        guard let api = KiwoomAPI(rawValue: apiID) else { return reply(KiwoomStatus(returnCode: 1501, returnMessage: "API ID가 유효하지 않습니다. (\(apiID))")) }
        if api == .token {
            guard let request = try? JSONDecoder().decode(KiwoomTokenRequest.self, from: body), request.appKey == settings.appKey, request.secretKey == settings.secretKey else {
                return reply(KiwoomTokenResponse(token: nil, expires: nil, returnCode: 8001, returnMessage: "App Key와 Secret Key 검증에 실패했습니다."))
            }
            let token = "kiwoomsim" + String(format: "%08d", tokens.count + 1)
            tokens.insert(token)
            return reply(KiwoomTokenResponse(token: token, expires: "20991231235959"))
        }
        guard let bearer = authorization?.split(separator: " ").last.map(String.init), tokens.contains(bearer) else {
            return reply(KiwoomStatus(returnCode: 8005, returnMessage: "Token이 유효하지 않습니다."))
        }
        do {
            switch api {
            case .buy, .sell: return place(try JSONDecoder().decode(KiwoomOrderRequest.self, from: body), isBuy: api == .buy)
            case .modify: return modify(try JSONDecoder().decode(KiwoomModifyRequest.self, from: body))
            case .cancel: return cancel(try JSONDecoder().decode(KiwoomCancelRequest.self, from: body))
            case .balance: return reply(balance())
            case .deposit: return reply(KiwoomDepositResponse(deposit: exchange.cash / Price.scale, settledDeposit: exchange.cash / Price.scale))
            case .orderDetail: return reply(orderDetail(try JSONDecoder().decode(KiwoomOrderDetailRequest.self, from: body)))
            case .token: return reply(KiwoomStatus(returnCode: 1501, returnMessage: "unreachable"))
            }
        } catch {
            return reply(KiwoomStatus(returnCode: 1511, returnMessage: "필수 입력 값에 값이 존재하지 않습니다. (\(error))"))
        }
    }

    func reply(_ value: some Encodable) -> (status: Int, body: Data) {
        (200, (try? JSONEncoder().encode(value)) ?? Data("{}".utf8))
    }

    static let account = try! KISAccount(number: "50012345", product: "01")  // the exchange's orders name an account; one is fixed

    func refusal(_ failure: KISFailure) -> (status: Int, body: Data) {
        reply(KiwoomStatus(returnCode: 20, returnMessage: "[\(failure.code)] \(failure.message)"))
    }

    func place(_ request: KiwoomOrderRequest, isBuy: Bool) -> (status: Int, body: Data) {
        if settings.environment == .mock, request.exchange != "KRX" {
            return reply(KiwoomStatus(returnCode: 20, returnMessage: "모의투자는 KRX만 지원합니다. (\(request.exchange))"))
        }
        guard let quantity = KiwoomNumber.integer(request.quantity) else { return reply(KiwoomStatus(returnCode: 1511, returnMessage: "ord_qty를 확인하세요.")) }
        let division: KISOrderDivision
        switch request.tradeType {
        case KiwoomOrderRequest.limit: division = .limit
        case KiwoomOrderRequest.market: division = .market
        case let other: return reply(KiwoomStatus(returnCode: 20, returnMessage: "매매구분 \(other)은 모의 거래소에서 지원하지 않습니다."))
        }
        var order = KISCashOrder(account: Self.account, symbol: request.symbol, isBuy: isBuy, division: division, quantity: quantity, price: Price(units: KiwoomNumber.integer(request.price) ?? 0))
        order.exchange = request.exchange
        switch exchange.place(order) {
        case .success(let (placed, notices)):
            for notice in notices { push(notice) }
            return reply(KiwoomOrderResponse(orderNumber: placed.number, exchange: request.exchange))
        case .failure(let failure): return refusal(failure)
        }
    }

    func modify(_ request: KiwoomModifyRequest) -> (status: Int, body: Data) {
        let revise = KISReviseOrder(
            account: Self.account, branch: SimulatedExchange.branch, originalOrderNumber: request.originalOrderNumber, division: .limit, isCancel: false,
            quantity: KiwoomNumber.integer(request.quantity), price: Price(units: KiwoomNumber.integer(request.price) ?? 0))
        switch exchange.revise(revise) {
        case .success(let (amended, notices)):
            for notice in notices { push(notice) }
            return reply(KiwoomOrderResponse(orderNumber: amended.number, originalOrderNumber: request.originalOrderNumber, exchange: request.exchange))
        case .failure(let failure): return refusal(failure)
        }
    }

    func cancel(_ request: KiwoomCancelRequest) -> (status: Int, body: Data) {
        let quantity = KiwoomNumber.integer(request.quantity) ?? 0
        let revise = KISReviseOrder(
            account: Self.account, branch: SimulatedExchange.branch, originalOrderNumber: request.originalOrderNumber, division: .limit, isCancel: true,
            quantity: quantity == 0 ? nil : quantity, price: Price(micros: 0))
        switch exchange.revise(revise) {
        case .success(let (receipt, notices)):
            for notice in notices { push(notice) }
            return reply(KiwoomOrderResponse(orderNumber: receipt.number, originalOrderNumber: request.originalOrderNumber, exchange: request.exchange))
        case .failure(let failure): return refusal(failure)
        }
    }

    func balance() -> KiwoomBalanceResponse {
        KiwoomBalanceResponse(holdings: exchange.holdings.keys.sorted().compactMap { code in
            let holding = exchange.holdings[code]!
            guard holding.quantity > 0 else { return nil }
            return .init(symbol: code, quantity: holding.quantity, sellable: exchange.sellable(code), averagePrice: holding.averagePrice.micros / Price.scale)
        })
    }

    func orderDetail(_ request: KiwoomOrderDetailRequest) -> KiwoomOrderDetailResponse {
        let rows = exchange.orders.filter { KiwoomEvents.dateText($0.time) == request.date || request.date.isEmpty }.map { order in
            KiwoomOrderDetailResponse.Row(
                orderNumber: order.number, originalOrderNumber: order.originalNumber.isEmpty ? "0000000" : order.originalNumber, symbol: order.symbol, isBuy: order.isBuy,
                quantity: order.quantity, price: (order.limit?.micros ?? 0) / Price.scale, filledQuantity: order.filled,
                filledPrice: order.filled > 0 ? order.filledAmount / order.filled / Price.scale : 0, remaining: order.remaining,
                amendment: order.cancelled > 0 ? "취소" : "", time: KiwoomEvents.clockText(order.time), exchange: order.route.description)
        }
        return KiwoomOrderDetailResponse(rows: rows)
    }
}
