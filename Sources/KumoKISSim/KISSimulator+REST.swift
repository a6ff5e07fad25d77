import Foundation
import KumoCore
import KumoKIS

extension KISSimulator {
    /// Answers one REST call as KIS would, faults included.
    public func handle(_ request: SimulatorRequest) -> SimulatorResponse {
        let isToken = request.path.hasPrefix("/oauth2/")
        // Buy and sell share a path: the tr_id tells them apart (a wrong one is refused below).
        let onPath = KISTransaction.allCases.filter { $0.path == request.path && $0.isPost == (request.method == "POST") }
        let named = KISEnvironment.transaction(of: request.headers["tr_id"] ?? "")?.0
        let transaction = onPath.first { $0 == named } ?? onPath.first
        let route: KISFaultPlan.Route = isToken ? .token : transaction?.isPost == true ? .order : .query
        let firing = Set(faults.take(route, kinds: [.serverError, .slow, .drop, .rateLimit, .expireToken]))
        callsByTR[request.headers["tr_id"] ?? request.path, default: 0] += 1
        if firing.contains(.expireToken) { tokenExpiredByFault = true }
        if firing.contains(.rateLimit) || overRate() {
            return reply(500, KISResponse.failure(code: KISCode.rateLimited, message: "초당 거래건수를 초과하였습니다."), request)
        }
        if firing.contains(.serverError) { return SimulatorResponse(status: 500, headers: [], body: .null) }
        var response = isToken ? auth(request) : transaction.map { call($0, request) } ?? notFound(request)
        if firing.contains(.slow) { response.delay = settings.slowSeconds }
        if firing.contains(.drop) { response.delay = settings.dropSeconds }
        if response.status != 200 || response.body["rt_cd"]?.text.map({ $0 != "0" }) == true {
            refusedCalls.append("\(request.headers["tr_id"] ?? request.path) \(response.body["msg_cd"]?.text ?? response.body["error_code"]?.text ?? String(response.status))")
        }
        return response
    }

    func reply(_ status: Int, _ body: KISJSON, _ request: SimulatorRequest, continuation: String? = nil) -> SimulatorResponse {
        var headers = [("content-type", "application/json; charset=utf-8")]
        if let tr = request.headers["tr_id"] { headers.append(("tr_id", tr)) }
        if let continuation { headers.append(("tr_cont", continuation)) }
        return SimulatorResponse(status: status, headers: headers, body: body)
    }

    func notFound(_ request: SimulatorRequest) -> SimulatorResponse {
        reply(404, KISResponse.failure(code: "EGW00404", message: "\(request.method) \(request.path): 요청하신 API가 없습니다."), request)
    }

    /// More calls in the last second than the app is allowed (`EGW00201`).
    func overRate() -> Bool {
        let now = uptime()
        callTimes.removeAll { $0 < now - 0.95 }  // a little slack for the client's own one-second spacing
        callTimes.append(now)
        return callTimes.count > max(1, Int(settings.callsPerSecond))
    }

    func auth(_ request: SimulatorRequest) -> SimulatorResponse {
        let body = (try? KISJSON.parse(request.body, what: request.path)) ?? .object([])  // a body that is not JSON is refused below
        let secretKey = request.path == "/oauth2/Approval" ? "secretkey" : "appsecret"
        guard body["appkey"]?.text == settings.appKey, body[secretKey]?.text == settings.appSecret else {
            return reply(403, .strings(["error_description": "유효하지 않은 AppKey입니다.", "error_code": "EGW00103"]), request)
        }
        let now = uptime()
        switch request.path {
        case "/oauth2/Approval":
            let key = UUID().uuidString.lowercased()
            approvalKeys.insert(key)
            return reply(200, .strings(["approval_key": key]), request)
        case "/oauth2/revokeP":
            token = nil
            return reply(200, .object([KISField("code", .number(200)), KISField("message", .string("접근토큰 폐기에 성공하였습니다"))]), request)
        default:
            if let token, now - token.issuedAt < settings.tokenInterval {
                return reply(403, .strings(["error_description": "접근토큰 발급 잠시 후 다시 시도하세요(1분당 1회)", "error_code": KISCode.tokenTooSoon]), request)
            }
            let reuse = token.map { now - $0.issuedAt < 6 * 3600 && now < $0.expiresAt && !tokenExpiredByFault } ?? false
            let value = reuse ? token!.value : "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzUxMiJ9.\(UUID().uuidString.lowercased()).sim"
            token = (value, now, reuse ? token!.expiresAt : now + settings.tokenLifetime)
            tokenExpiredByFault = false
            let wall = Timestamp(nanoseconds: Int64(Date().timeIntervalSince1970 * 1e9))
            let expiry = Timestamp(nanoseconds: wall.nanoseconds + Int64((token!.expiresAt - now) * 1e9))
            return reply(200, KISToken(accessToken: value, expiresAt: expiry, issuedAt: wall).reply(now: wall), request)
        }
    }

    /// The checks every authenticated call passes: app credentials, the token, the TR id of this environment.
    func refusal(_ transaction: KISTransaction, _ request: SimulatorRequest) -> SimulatorResponse? {
        guard request.headers["appkey"] == settings.appKey, request.headers["appsecret"] == settings.appSecret else {
            return reply(500, KISResponse.failure(code: "EGW00105", message: "유효하지 않은 AppSecret입니다."), request)
        }
        let bearer = request.headers["authorization"].map { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : $0 } ?? ""
        guard let token, bearer == token.value else { return reply(500, KISResponse.failure(code: KISCode.invalidToken, message: "유효하지 않은 token 입니다."), request) }
        if tokenExpiredByFault || uptime() >= token.expiresAt { return reply(500, KISResponse.failure(code: KISCode.expiredToken, message: "기간이 만료된 token 입니다."), request) }
        let expected = settings.environment.trID(transaction)
        guard request.headers["tr_id"] == expected else {
            let other = settings.environment == .paper ? "모의투자" : "실전"
            return reply(500, KISResponse.failure(code: "OPSQ0002", message: "tr_id '\(request.headers["tr_id"] ?? "")'는 이 \(other) 서버의 \(request.path) TR이 아닙니다 (\(expected))."), request)
        }
        return nil
    }

    func call(_ transaction: KISTransaction, _ request: SimulatorRequest) -> SimulatorResponse {
        if let refused = refusal(transaction, request) { return refused }
        let body = (try? KISJSON.parse(request.body, what: transaction.path)) ?? .object([])  // GETs have no body
        func param(_ name: String) -> String { request.query[name.uppercased()] ?? "" }
        switch transaction {
        case .buy, .sell:
            let order: KISCashOrder
            do throws(KISDecodingError) { order = try KISCashOrder(body: body, isBuy: transaction == .buy) } catch {
                return reply(200, KISResponse.failure(code: "OPSQ2001", message: "입력 필드를 확인하세요: \(error.description)"), request)
            }
            guard order.account == settings.account else { return reply(200, KISResponse.failure(code: "OPSQ2002", message: "계좌번호를 확인하세요."), request) }
            if settings.environment == .paper, order.exchange != "KRX" {
                // KIS: "EXCG_ID_DVSN_CD … default KRX; paper KRX only".
                return reply(200, KISResponse.failure(code: "APBK1742", message: "모의투자는 KRX 주문만 가능합니다. (\(order.exchange))"), request)
            }
            return orderReply(exchange.place(order), request, buyMessage: transaction == .buy)
        case .reviseOrCancel:
            let revise: KISReviseOrder
            do throws(KISDecodingError) { revise = try KISReviseOrder(body: body) } catch {
                return reply(200, KISResponse.failure(code: "OPSQ2001", message: "입력 필드를 확인하세요: \(error.description)"), request)
            }
            return orderReply(exchange.revise(revise), request, buyMessage: nil)
        case .balance: return balanceReply(request, key: param("CTX_AREA_NK100"))
        case .dailyOrders: return dailyOrdersReply(request, key: param("CTX_AREA_NK100"), number: param("ODNO"))
        case .buyingPower: return buyingPowerReply(request, symbol: param("PDNO"), price: KISNumber.text(Price(parsing: param("ORD_UNPR")) ?? Price(micros: 0)))
        case .currentPrice: return priceReply(request, symbol: param("FID_INPUT_ISCD"))
        case .revisableOrders:
            guard settings.environment == .real else { return reply(200, KISResponse.failure(code: "OPSQ0003", message: "모의투자에서는 해당업무가 제공되지 않습니다."), request) }
            return revisableReply(request)
        case .dailyChart, .minuteChart, .holidays:
            return reply(200, KISResponse.failure(code: "OPSQ0003", message: "이 시뮬레이터는 \(transaction.rawValue)을 제공하지 않습니다."), request)
        }
    }

    func orderReply(_ result: Result<(SimulatedExchange.Order, [SimulatedExchange.Notice]), KISFailure>, _ request: SimulatorRequest, buyMessage: Bool?) -> SimulatorResponse {
        switch result {
        case .failure(let failure):
            return reply(200, KISResponse.failure(resultCode: failure.code == KISCode.insufficientCash ? "7" : "1", code: failure.code, message: failure.message), request)
        case .success(let (order, notices)):
            for notice in notices { push(notice) }
            let receipt = KISOrderReceipt(branch: order.branch, orderNumber: order.number, time: KISTime.timeOfDay(order.time))
            let message = settings.environment == .paper ? "모의투자 \(buyMessage == nil ? "정정/취소" : buyMessage! ? "매수" : "매도")주문이 완료 되었습니다." : "주문 전송 완료 되었습니다."
            return reply(200, KISResponse.success(code: KISCode.orderSent, message: message, outputs: [KISField("output", receipt.output)]), request)
        }
    }
}
