/// `au10001`: a token for an app key and secret.
public struct KiwoomTokenRequest: Codable, Sendable, Hashable {
    public var grantType = "client_credentials"
    public var appKey: String
    public var secretKey: String

    public init(appKey: String, secretKey: String) {
        self.appKey = appKey
        self.secretKey = secretKey
    }

    enum CodingKeys: String, CodingKey {
        case grantType = "grant_type", appKey = "appkey", secretKey = "secretkey"
    }
}

public struct KiwoomTokenResponse: Codable, Sendable, Hashable {
    public var token: String?
    public var tokenType: String?
    /// `YYYYMMDDHHMMSS`, KST.
    public var expires: String?
    public var returnCode: Int
    public var returnMessage: String

    public init(token: String?, expires: String?, returnCode: Int = 0, returnMessage: String = "정상적으로 처리되었습니다") {
        self.token = token
        tokenType = token == nil ? nil : "bearer"
        self.expires = expires
        self.returnCode = returnCode
        self.returnMessage = returnMessage
    }

    enum CodingKeys: String, CodingKey {
        case token, tokenType = "token_type", expires = "expires_dt", returnCode = "return_code", returnMessage = "return_msg"
    }
}

/// `kt10000` buy / `kt10001` sell. `trde_tp` 0 is a limit (보통), 3 a market order; the exchange
/// is KRX, NXT or SOR; a market order's `ord_uv` is empty.
public struct KiwoomOrderRequest: Codable, Sendable, Hashable {
    public var exchange: String
    public var symbol: String
    public var quantity: String
    public var price: String
    public var tradeType: String
    public var conditionPrice = ""

    public init(exchange: String, symbol: String, quantity: Int64, price: Int64?, tradeType: String) {
        self.exchange = exchange
        self.symbol = symbol
        self.quantity = String(quantity)
        self.price = price.map(String.init) ?? ""
        self.tradeType = tradeType
    }

    enum CodingKeys: String, CodingKey {
        case exchange = "dmst_stex_tp", symbol = "stk_cd", quantity = "ord_qty", price = "ord_uv", tradeType = "trde_tp", conditionPrice = "cond_uv"
    }

    public static let limit = "0"
    public static let market = "3"
}

/// `kt10002`: a new quantity and price for what remains of an order (a new number replaces it).
public struct KiwoomModifyRequest: Codable, Sendable, Hashable {
    public var exchange: String
    public var originalOrderNumber: String
    public var symbol: String
    public var quantity: String
    public var price: String
    public var conditionPrice = ""

    public init(exchange: String, originalOrderNumber: String, symbol: String, quantity: Int64, price: Int64) {
        self.exchange = exchange
        self.originalOrderNumber = originalOrderNumber
        self.symbol = symbol
        self.quantity = String(quantity)
        self.price = String(price)
    }

    enum CodingKeys: String, CodingKey {
        case exchange = "dmst_stex_tp", originalOrderNumber = "orig_ord_no", symbol = "stk_cd", quantity = "mdfy_qty", price = "mdfy_uv"
        case conditionPrice = "mdfy_cond_uv"
    }
}

/// `kt10003`: cancels `quantity` of an order, or all that remains with "0".
public struct KiwoomCancelRequest: Codable, Sendable, Hashable {
    public var exchange: String
    public var originalOrderNumber: String
    public var symbol: String
    public var quantity: String

    public init(exchange: String, originalOrderNumber: String, symbol: String, quantity: Int64?) {
        self.exchange = exchange
        self.originalOrderNumber = originalOrderNumber
        self.symbol = symbol
        self.quantity = String(quantity ?? 0)
    }

    enum CodingKeys: String, CodingKey {
        case exchange = "dmst_stex_tp", originalOrderNumber = "orig_ord_no", symbol = "stk_cd", quantity = "cncl_qty"
    }
}

/// The reply to an order, amendment or cancellation.
public struct KiwoomOrderResponse: Codable, Sendable, Hashable {
    public var orderNumber: String?
    public var originalOrderNumber: String?
    public var exchange: String?
    public var returnCode: Int
    public var returnMessage: String

    public init(orderNumber: String?, originalOrderNumber: String? = nil, exchange: String?, returnCode: Int = 0, returnMessage: String = "정상적으로 처리되었습니다") {
        self.orderNumber = orderNumber
        self.originalOrderNumber = originalOrderNumber
        self.exchange = exchange
        self.returnCode = returnCode
        self.returnMessage = returnMessage
    }

    enum CodingKeys: String, CodingKey {
        case orderNumber = "ord_no", originalOrderNumber = "base_orig_ord_no", exchange = "dmst_stex_tp", returnCode = "return_code", returnMessage = "return_msg"
    }
}

/// `kt00018` request: 1 summed per symbol, on KRX.
public struct KiwoomBalanceRequest: Codable, Sendable, Hashable {
    public var queryType = "1"
    public var exchange = "KRX"
    public init() {}
    enum CodingKeys: String, CodingKey { case queryType = "qry_tp", exchange = "dmst_stex_tp" }
}

public struct KiwoomBalanceResponse: Codable, Sendable, Hashable {
    public struct Holding: Codable, Sendable, Hashable {
        /// `A005930`.
        public var symbol: String
        public var quantity: String
        public var sellable: String
        public var averagePrice: String

        public init(symbol: String, quantity: Int64, sellable: Int64, averagePrice: Int64) {
            self.symbol = "A" + symbol
            self.quantity = String(quantity)
            self.sellable = String(sellable)
            self.averagePrice = String(averagePrice)
        }

        enum CodingKeys: String, CodingKey { case symbol = "stk_cd", quantity = "rmnd_qty", sellable = "trde_able_qty", averagePrice = "pur_pric" }
    }

    public var holdings: [Holding]
    public var returnCode: Int
    public var returnMessage: String

    public init(holdings: [Holding], returnCode: Int = 0, returnMessage: String = "정상적으로 처리되었습니다") {
        self.holdings = holdings
        self.returnCode = returnCode
        self.returnMessage = returnMessage
    }

    enum CodingKeys: String, CodingKey { case holdings = "acnt_evlt_remn_indv_tot", returnCode = "return_code", returnMessage = "return_msg" }
}

/// `kt00001` request: 3 is the estimate (추정조회).
public struct KiwoomDepositRequest: Codable, Sendable, Hashable {
    public var queryType = "3"
    public init() {}
    enum CodingKeys: String, CodingKey { case queryType = "qry_tp" }
}

public struct KiwoomDepositResponse: Codable, Sendable, Hashable {
    /// 예수금, and D+2 추정예수금: cash once today's trades settle.
    public var deposit: String
    public var settledDeposit: String
    public var returnCode: Int
    public var returnMessage: String

    public init(deposit: Int64, settledDeposit: Int64, returnCode: Int = 0, returnMessage: String = "정상적으로 처리되었습니다") {
        self.deposit = String(deposit)
        self.settledDeposit = String(settledDeposit)
        self.returnCode = returnCode
        self.returnMessage = returnMessage
    }

    enum CodingKeys: String, CodingKey { case deposit = "entr", settledDeposit = "d2_entra", returnCode = "return_code", returnMessage = "return_msg" }
}

/// `kt00007` request: one day's orders (`qry_tp` 1: orders in number order), stocks, both sides, every exchange.
public struct KiwoomOrderDetailRequest: Codable, Sendable, Hashable {
    public var date: String
    public var queryType = "1"
    public var stockBondType = "1"
    public var sellType = "0"
    public var symbol = ""
    public var fromOrderNumber = ""
    public var exchange = "%"

    public init(date: String) { self.date = date }

    enum CodingKeys: String, CodingKey {
        case date = "ord_dt", queryType = "qry_tp", stockBondType = "stk_bond_tp", sellType = "sell_tp", symbol = "stk_cd", fromOrderNumber = "fr_ord_no"
        case exchange = "dmst_stex_tp"
    }
}

public struct KiwoomOrderDetailResponse: Codable, Sendable, Hashable {
    public struct Row: Codable, Sendable, Hashable {
        public var orderNumber: String
        public var originalOrderNumber: String
        /// `A005930`.
        public var symbol: String
        /// `+매수`, `-매도`, `현금매수` …: the sign or word says the side.
        public var kind: String
        public var quantity: String
        /// The limit; "0" for a market order.
        public var price: String
        public var filledQuantity: String
        public var filledPrice: String
        public var remaining: String
        /// 정정/취소 구분: `취소`, `정정` or empty.
        public var amendment: String
        /// HH:MM:SS, KST.
        public var time: String
        public var exchange: String

        public init(
            orderNumber: String, originalOrderNumber: String, symbol: String, isBuy: Bool, quantity: Int64, price: Int64, filledQuantity: Int64, filledPrice: Int64,
            remaining: Int64, amendment: String, time: String, exchange: String
        ) {
            self.orderNumber = orderNumber
            self.originalOrderNumber = originalOrderNumber
            self.symbol = "A" + symbol
            kind = isBuy ? "+매수" : "-매도"
            self.quantity = String(quantity)
            self.price = String(price)
            self.filledQuantity = String(filledQuantity)
            self.filledPrice = String(filledPrice)
            self.remaining = String(remaining)
            self.amendment = amendment
            self.time = time
            self.exchange = exchange
        }

        public var isBuy: Bool { kind.contains("매수") }

        enum CodingKeys: String, CodingKey {
            case orderNumber = "ord_no", originalOrderNumber = "ori_ord", symbol = "stk_cd", kind = "io_tp_nm", quantity = "ord_qty", price = "ord_uv"
            case filledQuantity = "cntr_qty", filledPrice = "cntr_uv", remaining = "ord_remnq", amendment = "mdfy_cncl", time = "ord_tm", exchange = "dmst_stex_tp"
        }
    }

    public var rows: [Row]
    public var returnCode: Int
    public var returnMessage: String

    public init(rows: [Row], returnCode: Int = 0, returnMessage: String = "정상적으로 처리되었습니다") {
        self.rows = rows
        self.returnCode = returnCode
        self.returnMessage = returnMessage
    }

    enum CodingKeys: String, CodingKey { case rows = "acnt_ord_cntr_prps_dtl", returnCode = "return_code", returnMessage = "return_msg" }
}

/// Any reply's outcome, read before the rest.
public struct KiwoomStatus: Codable, Sendable, Hashable {
    public var returnCode: Int
    public var returnMessage: String

    public init(returnCode: Int, returnMessage: String) {
        self.returnCode = returnCode
        self.returnMessage = returnMessage
    }

    /// `return_code` as a number or its text; a missing `return_msg` is empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let number = try? container.decode(Int.self, forKey: .returnCode) {
            returnCode = number
        } else if let text = try? container.decode(String.self, forKey: .returnCode), let number = Int(text) {
            returnCode = number
        } else {
            throw DecodingError.dataCorruptedError(forKey: .returnCode, in: container, debugDescription: "return_code is missing or not a number")
        }
        returnMessage = try container.decodeIfPresent(String.self, forKey: .returnMessage) ?? ""
    }

    enum CodingKeys: String, CodingKey { case returnCode = "return_code", returnMessage = "return_msg" }
}
