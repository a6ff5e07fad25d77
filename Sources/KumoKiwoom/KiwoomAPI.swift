/// The Kiwoom REST transactions Kumo uses: every one a POST of JSON to its category path, named by
/// the `api-id` header (`au…` auth, `kt…` orders and accounts). Shapes follow the field names of the
/// Kiwoom REST guide as public client code transcribes them (third-party; see the domain notes §2).
public enum KiwoomAPI: String, Sendable, CaseIterable {
    case token = "au10001"
    case buy = "kt10000"
    case sell = "kt10001"
    case modify = "kt10002"
    case cancel = "kt10003"
    /// 계좌평가잔고내역요청: holdings.
    case balance = "kt00018"
    /// 예수금상세현황요청: cash.
    case deposit = "kt00001"
    /// 계좌별주문체결내역상세요청: today's orders and what they filled.
    case orderDetail = "kt00007"

    public var path: String {
        switch self {
        case .token: "/oauth2/token"
        case .buy, .sell, .modify, .cancel: "/api/dostk/ordr"
        case .balance, .deposit, .orderDetail: "/api/dostk/acnt"
        }
    }
}

/// Real (`api.kiwoom.com`) or mock (`mockapi.kiwoom.com`, KRX orders only).
public enum KiwoomEnvironment: String, Sendable, CaseIterable {
    case real, mock

    public var restURL: String { self == .real ? "https://api.kiwoom.com" : "https://mockapi.kiwoom.com" }
    public var webSocketURL: String { self == .real ? "wss://api.kiwoom.com:10000/api/dostk/websocket" : "wss://mockapi.kiwoom.com:10000/api/dostk/websocket" }
}

/// Kiwoom's `return_code`s Kumo acts on.
public enum KiwoomCode {
    public static let ok = 0
    /// The token was refused or has expired: issue a new one and retry once.
    public static let tokenRefused: Set<Int> = [3, 8005, 1513, 8103]
    /// Too many calls: wait and retry.
    public static let rateLimited = 1687
}
