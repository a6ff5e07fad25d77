public import KumoCore

/// The access token of `POST /oauth2/tokenP`.
public struct KISToken: Sendable, Equatable, Codable {
    public let accessToken: String
    /// When it stops working (`access_token_token_expired`, KST).
    public let expiresAt: Timestamp
    /// When it was issued (to keep to one issuance a minute).
    public let issuedAt: Timestamp

    public init(accessToken: String, expiresAt: Timestamp, issuedAt: Timestamp) {
        self.accessToken = accessToken
        self.expiresAt = expiresAt
        self.issuedAt = issuedAt
    }

    /// Reads a token reply received at `now`.
    /// - Throws: ``KISDecodingError`` when `access_token` or its expiry is missing or malformed.
    public init(reply: KISJSON, now: Timestamp) throws(KISDecodingError) {
        guard let token = reply["access_token"]?.text, !token.isEmpty else { throw KISDecodingError("tokenP reply: no access_token") }
        var expiry: Timestamp?
        if let text = reply["access_token_token_expired"]?.text {
            let parts = text.split(separator: " ")
            if parts.count == 2 {
                let date = parts[0].filter { $0 != "-" }, time = parts[1].filter { $0 != ":" }
                expiry = try KISTime.instant(date: date, time: time, what: "tokenP reply access_token_token_expired")
            }
        }
        if expiry == nil, let seconds = reply["expires_in"]?.text.flatMap({ Int64($0) }) {
            expiry = Timestamp(nanoseconds: now.nanoseconds + seconds * 1_000_000_000)
        }
        guard let expiry else { throw KISDecodingError("tokenP reply: neither access_token_token_expired nor expires_in") }
        self.init(accessToken: token, expiresAt: expiry, issuedAt: now)
    }

    /// The reply body (the simulator's side).
    public func reply(now: Timestamp) -> KISJSON {
        let text = "\(KISTime.date(expiresAt).prefix(4))-\(KISTime.date(expiresAt).dropFirst(4).prefix(2))-\(KISTime.date(expiresAt).suffix(2)) "
            + "\(KISTime.timeOfDay(expiresAt).prefix(2)):\(KISTime.timeOfDay(expiresAt).dropFirst(2).prefix(2)):\(KISTime.timeOfDay(expiresAt).suffix(2))"
        return .object([
            KISField("access_token", .string(accessToken)), KISField("access_token_token_expired", .string(text)),
            KISField("token_type", .string("Bearer")), KISField("expires_in", .number(Double(max(0, (expiresAt.nanoseconds - now.nanoseconds) / 1_000_000_000)))),
        ])
    }
}

/// The request bodies of the authentication calls (note `secretkey`, not `appsecret`, for the approval key).
public enum KISAuthRequest {
    public static func token(appKey: String, appSecret: String) -> KISJSON {
        .strings(["grant_type": "client_credentials", "appkey": appKey, "appsecret": appSecret])
    }

    public static func approval(appKey: String, appSecret: String) -> KISJSON {
        .strings(["grant_type": "client_credentials", "appkey": appKey, "secretkey": appSecret])
    }

    /// The approval key of a `POST /oauth2/Approval` reply.
    /// - Throws: ``KISDecodingError`` when it has none.
    public static func approvalKey(_ reply: KISJSON) throws(KISDecodingError) -> String {
        guard let key = reply["approval_key"]?.text, !key.isEmpty else { throw KISDecodingError("Approval reply: no approval_key") }
        return key
    }
}
