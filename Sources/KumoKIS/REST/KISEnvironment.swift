/// Real (실전) or paper (모의투자) trading: different hosts, TR ids, limits and page sizes.
public enum KISEnvironment: String, Sendable, Hashable, CaseIterable {
    case real, paper

    /// The published REST host (KIS's `kis_devlp.yaml`).
    public var restURL: String {
        self == .real ? "https://openapi.koreainvestment.com:9443" : "https://openapivts.koreainvestment.com:29443"
    }

    /// The published WebSocket host (plain ws://).
    public var webSocketURL: String {
        self == .real ? "ws://ops.koreainvestment.com:21000/tryitout" : "ws://ops.koreainvestment.com:31000/tryitout"
    }

    /// REST calls a second (KIS throughput notice, 2026-04-20 wording): 18 real, 1 paper.
    public var callsPerSecond: Double { self == .real ? 18 : 1 }

    /// The TR id of `transaction` here: trading TRs starting with T, J or C take V as their first letter on paper.
    public func trID(_ transaction: KISTransaction) -> String {
        let id = transaction.rawValue
        guard self == .paper, let first = id.first, "TJC".contains(first) else { return id }
        return "V" + id.dropFirst()
    }

    /// The execution-notice TR: H0STCNI0 real, H0STCNI9 paper.
    public var noticeTR: String { self == .real ? "H0STCNI0" : "H0STCNI9" }

    /// The environment whose TR ids include `trID`, with the transaction; nil when no known TR has it.
    public static func transaction(of trID: String) -> (KISTransaction, KISEnvironment)? {
        for transaction in KISTransaction.allCases {
            for environment in allCases where environment.trID(transaction) == trID { return (transaction, environment) }
        }
        return nil
    }
}

/// The REST transactions a trading host uses, by their real TR id (2024–25 ids; older ids are refused by KIS without notice).
public enum KISTransaction: String, Sendable, Hashable, CaseIterable {
    case currentPrice = "FHKST01010100"
    case dailyChart = "FHKST03010100"
    case minuteChart = "FHKST03010200"
    case buy = "TTTC0012U"
    case sell = "TTTC0011U"
    case reviseOrCancel = "TTTC0013U"
    case revisableOrders = "TTTC0084R"
    case balance = "TTTC8434R"
    case dailyOrders = "TTTC0081R"
    case buyingPower = "TTTC8908R"
    case holidays = "CTCA0903R"

    /// The REST path of the transaction.
    public var path: String {
        switch self {
        case .currentPrice: "/uapi/domestic-stock/v1/quotations/inquire-price"
        case .dailyChart: "/uapi/domestic-stock/v1/quotations/inquire-daily-itemchartprice"
        case .minuteChart: "/uapi/domestic-stock/v1/quotations/inquire-time-itemchartprice"
        case .buy, .sell: "/uapi/domestic-stock/v1/trading/order-cash"
        case .reviseOrCancel: "/uapi/domestic-stock/v1/trading/order-rvsecncl"
        case .revisableOrders: "/uapi/domestic-stock/v1/trading/inquire-psbl-rvsecncl"
        case .balance: "/uapi/domestic-stock/v1/trading/inquire-balance"
        case .dailyOrders: "/uapi/domestic-stock/v1/trading/inquire-daily-ccld"
        case .buyingPower: "/uapi/domestic-stock/v1/trading/inquire-psbl-order"
        case .holidays: "/uapi/domestic-stock/v1/quotations/chk-holiday"
        }
    }

    /// Whether it is a POST with a JSON body — an order, never retried blindly — rather than a GET with a query.
    public var isPost: Bool { self == .buy || self == .sell || self == .reviseOrCancel }
}

/// The message codes a client acts on.
public enum KISCode {
    /// Over the per-second call limit (HTTP 500): retry after a pause.
    public static let rateLimited = "EGW00201"
    /// Not a valid token (HTTP 500).
    public static let invalidToken = "EGW00121"
    /// The token expired (HTTP 500): issue a new one once.
    public static let expiredToken = "EGW00123"
    /// A token asked for within a minute of the last (HTTP 403).
    public static let tokenTooSoon = "EGW00133"
    /// More than the orderable amount.
    public static let insufficientCash = "APBK0952"
    /// Order sent.
    public static let orderSent = "APBK0013"
    /// The market is not open.
    public static let marketClosed = "APBK0919"
    /// No such stock.
    public static let unknownStock = "APBK0656"
}
