import Foundation
import KumoCore
public import KumoKiwoom

/// Kiwoom's REST API over libcurl: a token issued on first use and again when refused, calls
/// held to the rate limit, a rate-limited call retried after a pause. Not thread-safe: it is used
/// on the broker's serial REST queue only (hence unchecked).
public final class KiwoomRestClient: @unchecked Sendable {
    public let settings: KiwoomSettings
    let transport: CurlTransport
    var limiter: CallRateLimiter
    var token: String?
    public private(set) var callCount = 0
    public private(set) var tokensIssued = 0

    public init(settings: KiwoomSettings) {
        self.settings = settings
        transport = CurlTransport(timeout: settings.timeout)
        limiter = CallRateLimiter(callsPerSecond: settings.callsPerSecond)
    }

    /// What became of a call.
    public enum Outcome<Reply: Sendable>: Sendable {
        case answered(Reply)
        /// Kiwoom answered with an error code and message.
        case refused(code: Int, message: String)
        /// No reply came back: the request may or may not have been carried out.
        case unknown(String)
    }

    /// A token, issued when there is none.
    /// - Throws: ``BrokerError`` with Kiwoom's message when the keys are refused.
    public func accessToken() throws -> String {
        if let token { return token }
        let request = KiwoomTokenRequest(appKey: settings.appKey, secretKey: settings.secretKey)
        switch post(.token, request, as: KiwoomTokenResponse.self, authorized: false) {
        case .answered(let reply):
            guard let issued = reply.token, !issued.isEmpty else { throw BrokerError.configuration("Kiwoom issued no token: \(reply.returnMessage)") }
            token = issued
            tokensIssued += 1
            return issued
        case .refused(let code, let message): throw BrokerError(kind: .refused, code: String(code), message: message)
        case .unknown(let why): throw BrokerError.noReply("Kiwoom's token endpoint did not answer: \(why)")
        }
    }

    /// Drops the token, so the next call issues a new one (the WebSocket refused it).
    public func forgetToken() { token = nil }

    /// Calls `api` with `body`; a refused token is replaced and the call made once more, a rate
    /// limit waited out once.
    public func call<Body: Encodable, Reply: Decodable & Sendable>(_ api: KiwoomAPI, _ body: Body, as reply: Reply.Type) -> Outcome<Reply> {
        var retried = false
        while true {
            let outcome = post(api, body, as: reply, authorized: true)
            guard case .refused(let code, _) = outcome, !retried else { return outcome }
            retried = true
            if KiwoomCode.tokenRefused.contains(code) {
                token = nil
            } else if code == KiwoomCode.rateLimited {
                Thread.sleep(forTimeInterval: 1)
            } else {
                return outcome
            }
        }
    }

    func post<Body: Encodable, Reply: Decodable & Sendable>(_ api: KiwoomAPI, _ body: Body, as reply: Reply.Type, authorized: Bool) -> Outcome<Reply> {
        var headers = [("Content-Type", "application/json;charset=UTF-8"), ("api-id", api.rawValue), ("cont-yn", "N"), ("next-key", "")]
        if authorized {
            do { headers.append(("authorization", "Bearer \(try accessToken())")) } catch { return .refused(code: -1, message: "\(error)") }
        }
        let now = ProcessInfo.processInfo.systemUptime
        let wait = limiter.delay(at: now)
        if wait > 0 { Thread.sleep(forTimeInterval: wait) }
        limiter.record(at: ProcessInfo.processInfo.systemUptime)
        callCount += 1
        let data: Data
        do { data = try JSONEncoder().encode(body) } catch { return .refused(code: -1, message: "the request could not be encoded: \(error)") }
        let response: HTTPResponse
        do { response = try transport.send(method: "POST", url: settings.restURL + api.path, headers: headers, body: data) } catch {
            return .unknown(error.description)
        }
        guard let status = try? JSONDecoder().decode(KiwoomStatus.self, from: response.body) else {
            return response.status >= 500 ? .unknown("HTTP \(response.status)") : .refused(code: -response.status, message: "HTTP \(response.status): \(String(decoding: response.body.prefix(200), as: UTF8.self))")
        }
        guard status.returnCode == KiwoomCode.ok else { return .refused(code: status.returnCode, message: status.returnMessage) }
        do { return .answered(try JSONDecoder().decode(reply, from: response.body)) } catch {
            return .refused(code: -2, message: "\(api.rawValue) reply does not read: \(error)")
        }
    }
}
