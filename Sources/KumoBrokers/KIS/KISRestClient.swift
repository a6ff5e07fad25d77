public import CoreMetrics
public import Foundation
public import KumoCore
public import KumoKIS

/// How to reach one KIS account over REST.
public struct KISClientSettings: Sendable {
    public var environment: KISEnvironment
    /// The REST host; the environment's published one unless a simulator's is named.
    public var restURL: String
    public var account: KISAccount
    /// Calls a second this app may make (18 real, 1 paper by default).
    public var callsPerSecond: Double
    /// Where the access token is cached (mode 0600); nil keeps it in memory only.
    public var tokenCache: String?
    /// KIS issues at most one token a minute.
    public var tokenInterval: Double = 60
    /// Tries of a query before it fails (orders are never blindly resent).
    public var attempts = 4
    /// Seconds a call may take before its reply counts as lost.
    public var timeout: Double = 10
    /// `custtype`: P personal, B corporate.
    public var customerType = "P"
    /// Where each call's round trip (`kumo_broker_request_seconds`) and failures
    /// (`kumo_broker_errors_total`) are recorded, by kind: order, query or auth; nil records nothing.
    public var metrics: (any MetricsFactory)?

    public init(environment: KISEnvironment, account: KISAccount, restURL: String? = nil, callsPerSecond: Double? = nil, tokenCache: String? = nil) {
        self.environment = environment
        self.account = account
        self.restURL = restURL ?? environment.restURL
        self.callsPerSecond = callsPerSecond ?? environment.callsPerSecond
        self.tokenCache = tokenCache
    }
}

/// What became of an order sent to KIS.
public enum KISOrderOutcome: Sendable {
    /// KIS took it and gave it an order number.
    case accepted(KISOrderReceipt)
    /// KIS answered no, with its code and message.
    case refused(BrokerError)
    /// No reply came back: the order may or may not be at the broker. Look it up; never send it again blindly.
    case unknown(String)
}

/// The KIS REST API for one account: the access token (cached, issued at most once a minute,
/// issued again once when KIS says it expired), the call-rate limit, retries of queries with backoff
/// on 5xx, timeouts and `EGW00201`, pagination — and orders that are never sent twice.
/// Blocking; call it from one thread (the broker's I/O thread).
public final class KISRestClient {
    public let settings: KISClientSettings
    let credentials: KISCredentials
    let transport: CurlTransport
    var limiter: CallRateLimiter
    var token: KISToken?
    let store: KISTokenStore?
    /// Seconds on a monotonic clock (the rate limit), the wall clock (token expiry), and how to wait.
    let monotonic: () -> Double
    let wallClock: () -> Timestamp
    let pause: (Double) -> Void
    /// What the client did, for `broker()` and the tests.
    public private(set) var callCount = 0
    public private(set) var retryCount = 0
    public private(set) var tokensIssued = 0
    /// Called just before an order's request goes out (the latency benchmark's probe).
    public var beforeOrderSend: (@Sendable () -> Void)?

    public init(
        settings: KISClientSettings, credentials: KISCredentials, monotonic: @escaping () -> Double = { ProcessInfo.processInfo.systemUptime },
        wallClock: @escaping () -> Timestamp = { Timestamp(nanoseconds: Int64(Date().timeIntervalSince1970 * 1e9)) },
        pause: @escaping (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }
    ) {
        self.settings = settings
        self.credentials = credentials
        transport = CurlTransport(timeout: settings.timeout)
        limiter = CallRateLimiter(callsPerSecond: settings.callsPerSecond)
        store = settings.tokenCache.map(KISTokenStore.init(path:))
        token = store?.load(appKey: credentials.appKey)
        self.monotonic = monotonic
        self.wallClock = wallClock
        self.pause = pause
    }

    // MARK: Token

    /// A valid access token: the cached one until a minute before it expires, else a new one.
    /// - Throws: ``BrokerError`` with KIS's message when the credentials are refused.
    public func accessToken() throws(BrokerError) -> String {
        if let token, token.expiresAt.nanoseconds > wallClock().nanoseconds + 60_000_000_000 { return token.accessToken }
        return try issueToken().accessToken
    }

    /// Issues a token, waiting first when the last one was issued less than the token interval ago.
    @discardableResult
    func issueToken() throws(BrokerError) -> KISToken {
        for attempt in 0..<2 {
            if let issued = token?.issuedAt {
                let since = Double(wallClock().nanoseconds - issued.nanoseconds) / 1e9
                if since < settings.tokenInterval { pause(settings.tokenInterval - since) }
            }
            let response = try exchange(method: "POST", path: "/oauth2/tokenP", headers: [("content-type", "application/json")], body: KISAuthRequest.token(appKey: credentials.appKey, appSecret: credentials.appSecret).data)
            if response.code == KISCode.tokenTooSoon, attempt == 0 {
                pause(settings.tokenInterval)
                continue
            }
            if let failure = response.failure { throw BrokerError(kind: .refused, code: failure.code, message: "the access token was refused: \(failure.message)") }
            let issued: KISToken
            do throws(KISDecodingError) { issued = try KISToken(reply: response.body, now: wallClock()) } catch { throw .malformed(error) }
            token = issued
            tokensIssued += 1
            try store?.save(issued, appKey: credentials.appKey)
            return issued
        }
        throw BrokerError(kind: .refused, code: KISCode.tokenTooSoon, message: "KIS refused a new access token twice (one a minute)")
    }

    /// The WebSocket approval key (`POST /oauth2/Approval`).
    public func approvalKey() throws(BrokerError) -> String {
        let body = KISAuthRequest.approval(appKey: credentials.appKey, appSecret: credentials.appSecret)
        let response = try exchange(method: "POST", path: "/oauth2/Approval", headers: [("content-type", "application/json")], body: body.data)
        if let failure = response.failure { throw BrokerError(kind: .refused, code: failure.code, message: "the WebSocket approval key was refused: \(failure.message)") }
        do throws(KISDecodingError) { return try KISAuthRequest.approvalKey(response.body) } catch { throw .malformed(error) }
    }

    // MARK: Calls

    /// One HTTP exchange under the rate limit, as a KIS response.
    func exchange(method: String, path: String, headers: [(String, String)], body: Data?, isOrder: Bool = false) throws(BrokerError) -> KISResponse {
        let wait = limiter.delay(at: monotonic())
        if wait > 0 { pause(wait) }
        limiter.record(at: monotonic())
        callCount += 1
        if isOrder { beforeOrderSend?() }
        let kind = isOrder ? "order" : path.hasPrefix("/oauth2") ? "auth" : "query"
        let started = DispatchTime.now().uptimeNanoseconds
        let reply: HTTPResponse
        do throws(HTTPFailure) { reply = try transport.send(method: method, url: settings.restURL + path, headers: headers, body: body) } catch {
            if let metrics = settings.metrics { Counter(label: "kumo_broker_errors_total", dimensions: [("kind", kind)], factory: metrics).increment() }
            throw .noReply(error.description)
        }
        if let metrics = settings.metrics {
            CoreMetrics.Timer(label: "kumo_broker_request_seconds", dimensions: [("kind", kind)], factory: metrics)
                .recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - started))
            if reply.status >= 400 { Counter(label: "kumo_broker_errors_total", dimensions: [("kind", kind)], factory: metrics).increment() }
        }
        let json: KISJSON
        do throws(KISDecodingError) {
            json = reply.body.isEmpty ? .object([]) : try KISJSON.parse(reply.body, what: "\(method) \(path) (HTTP \(reply.status))")
        } catch {
            // A gateway's HTML error page: a failure with its status, not a malformed success.
            if reply.status >= 500 { return KISResponse(status: reply.status, body: .object([])) }
            throw .malformed(error)
        }
        return KISResponse(status: reply.status, body: json, continuation: reply.headers["tr_cont"] ?? "")
    }

    func headers(_ transaction: KISTransaction, continuation: String) throws(BrokerError) -> [(String, String)] {
        [
            ("content-type", "application/json; charset=utf-8"), ("authorization", "Bearer \(try accessToken())"), ("appkey", credentials.appKey),
            ("appsecret", credentials.appSecret), ("tr_id", settings.environment.trID(transaction)), ("custtype", settings.customerType),
            ("tr_cont", continuation),
        ]
    }

    /// A query (GET), retried with backoff on a lost reply, a 5xx or `EGW00201`, and once with a new
    /// token on `EGW00123`/`EGW00121`.
    /// - Throws: ``BrokerError``: KIS's refusal, or no reply after every attempt.
    public func query(_ transaction: KISTransaction, _ parameters: [(String, String)], continuation: String = "") throws(BrokerError) -> KISResponse {
        var components = URLComponents()
        components.queryItems = parameters.map { URLQueryItem(name: $0.0, value: $0.1) }
        let path = transaction.path + "?" + (components.percentEncodedQuery ?? "")
        var renewed = false
        var lastProblem = ""
        for attempt in 0..<settings.attempts {
            if attempt > 0 {
                retryCount += 1
                pause(min(2, 0.1 * Double(1 << attempt)))
            }
            let response: KISResponse
            do throws(BrokerError) {
                response = try exchange(method: "GET", path: path, headers: try headers(transaction, continuation: continuation), body: nil)
            } catch where error.kind == .noReply {
                lastProblem = error.message
                continue
            }
            if response.code == KISCode.expiredToken || response.code == KISCode.invalidToken, !renewed {
                renewed = true
                token = nil
                try issueToken()
                continue
            }
            if response.status >= 500 || response.code == KISCode.rateLimited {
                lastProblem = response.failure?.description ?? "HTTP \(response.status)"
                continue
            }
            if let failure = response.failure { throw .refused(failure) }
            return response
        }
        throw .noReply("\(transaction.path): no answer after \(settings.attempts) tries (\(lastProblem))")
    }

    /// Every page of a paginated query (`tr_cont` F/M and the `CTX_AREA_*100` keys sent back verbatim).
    public func pages(_ transaction: KISTransaction, _ parameters: [(String, String)]) throws(BrokerError) -> [KISResponse] {
        var pages: [KISResponse] = []
        var keys = (fk: "", nk: "")
        var continuation = ""
        repeat {
            let query = parameters.filter { !$0.0.hasPrefix("CTX_AREA_") } + [("CTX_AREA_FK100", keys.fk), ("CTX_AREA_NK100", keys.nk)]
            let page = try self.query(transaction, query, continuation: continuation)
            pages.append(page)
            keys = (page.body["ctx_area_fk100"]?.text ?? "", page.body["ctx_area_nk100"]?.text ?? "")
            continuation = "N"
            if pages.count > 1000 { throw .malformed(KISDecodingError("\(transaction.path): more than 1000 pages; the paging keys do not advance")) }
        } while pages.last!.hasMore
        return pages
    }

    /// Sends an order (POST). It is resent only when KIS says it did not process it (`EGW00201`, an
    /// expired token); a lost reply or a 5xx without a KIS code is ``KISOrderOutcome/unknown(_:)``.
    public func place(_ transaction: KISTransaction, body: KISJSON) -> KISOrderOutcome {
        var renewed = false
        for attempt in 0..<settings.attempts {
            if attempt > 0 {
                retryCount += 1
                pause(min(2, 0.1 * Double(1 << attempt)))
            }
            let response: KISResponse
            do {
                response = try exchange(method: "POST", path: transaction.path, headers: try headers(transaction, continuation: ""), body: body.data, isOrder: true)
            } catch let error where error.kind == .noReply {
                return .unknown(error.message)
            } catch {
                return .unknown(error.description)
            }
            if response.code == KISCode.rateLimited { continue }  // refused before processing: safe to send again
            if response.code == KISCode.expiredToken || response.code == KISCode.invalidToken, !renewed {
                renewed = true
                token = nil
                do { try issueToken() } catch { return .refused(error) }
                continue
            }
            // A gateway error with a KIS code was refused before processing; a bare 5xx may have been processed.
            if response.status >= 500, response.code.isEmpty { return .unknown("\(transaction.path): HTTP \(response.status) without a KIS code") }
            if let failure = response.failure { return .refused(.refused(failure)) }
            do throws(KISDecodingError) { return .accepted(try KISOrderReceipt(reply: response.body)) } catch { return .unknown(error.description) }
        }
        return .refused(BrokerError(kind: .refused, code: KISCode.rateLimited, message: "still over the call limit after \(settings.attempts) tries; the order was not placed"))
    }
}
