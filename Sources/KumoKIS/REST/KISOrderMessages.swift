public import KumoCore

/// A KIS account: the 8-digit `CANO` and the 2-digit product code `ACNT_PRDT_CD` (01 종합/위탁).
public struct KISAccount: Sendable, Hashable, CustomStringConvertible {
    public let number: String
    public let product: String

    /// - Throws: ``KISDecodingError`` unless `number` is 8 digits and `product` 2.
    public init(number: String, product: String) throws(KISDecodingError) {
        guard number.count == 8, number.allSatisfy(\.isNumber) else { throw KISDecodingError("account: CANO '\(number)' is not 8 digits") }
        guard product.count == 2, product.allSatisfy(\.isNumber) else { throw KISDecodingError("account: ACNT_PRDT_CD '\(product)' is not 2 digits") }
        self.number = number
        self.product = product
    }

    public var description: String { "\(number)-\(product)" }
}

/// `ORD_DVSN`: how an order is priced and how long it lives.
public enum KISOrderDivision: String, Sendable, Hashable {
    case limit = "00", market = "01", conditionalLimit = "02", bestLimit = "03", topOfQueueLimit = "04"
    case limitIOC = "11", limitFOK = "12", marketIOC = "13", marketFOK = "14"
    case stopLimit = "22"

    /// Whether the order names a price (`ORD_UNPR` is "0" otherwise).
    public var namesPrice: Bool { self == .limit || self == .conditionalLimit || self == .limitIOC || self == .limitFOK || self == .stopLimit }
}

/// `POST /uapi/domestic-stock/v1/trading/order-cash`: a cash buy or sell.
public struct KISCashOrder: Sendable, Hashable {
    public var account: KISAccount
    public var symbol: String
    public var isBuy: Bool
    public var division: KISOrderDivision
    public var quantity: Int64
    public var price: Price
    /// `EXCG_ID_DVSN_CD`: KRX, NXT or SOR (paper trades KRX only).
    public var exchange: String = "KRX"
    /// `CNDT_PRIC`, a stop-limit's trigger.
    public var conditionPrice: Price?

    public init(account: KISAccount, symbol: String, isBuy: Bool, division: KISOrderDivision, quantity: Int64, price: Price) {
        self.account = account
        self.symbol = symbol
        self.isBuy = isBuy
        self.division = division
        self.quantity = quantity
        self.price = price
    }

    /// The body, keys upper-case and every value a string, in the documented order.
    public var body: KISJSON {
        .strings([
            "CANO": account.number, "ACNT_PRDT_CD": account.product, "PDNO": symbol, "ORD_DVSN": division.rawValue, "ORD_QTY": String(quantity),
            "ORD_UNPR": division.namesPrice ? KISNumber.text(price) : "0", "EXCG_ID_DVSN_CD": exchange, "SLL_TYPE": isBuy ? "" : "01",
            "CNDT_PRIC": conditionPrice.map(KISNumber.text) ?? "",
        ])
    }

    /// Reads a body (the simulator's side).
    /// - Throws: ``KISDecodingError`` naming the field that is missing or malformed.
    public init(body: KISJSON, isBuy: Bool) throws(KISDecodingError) {
        func field(_ name: String) throws(KISDecodingError) -> String {
            guard let value = body[name]?.text else { throw KISDecodingError("order-cash: \(name) is missing") }
            return value
        }
        guard let division = KISOrderDivision(rawValue: try field("ORD_DVSN")) else {
            throw KISDecodingError("order-cash: ORD_DVSN '\(try field("ORD_DVSN"))' is not an order type this venue takes")
        }
        self.init(
            account: try KISAccount(number: try field("CANO"), product: try field("ACNT_PRDT_CD")), symbol: try field("PDNO"), isBuy: isBuy,
            division: division, quantity: try KISNumber.integer(try field("ORD_QTY"), "order-cash.ORD_QTY"),
            price: try KISNumber.price(try field("ORD_UNPR"), "order-cash.ORD_UNPR"))
        exchange = body["EXCG_ID_DVSN_CD"]?.text.flatMap { $0.isEmpty ? nil : $0 } ?? "KRX"
        if let condition = body["CNDT_PRIC"]?.text, !condition.isEmpty { conditionPrice = try KISNumber.price(condition, "order-cash.CNDT_PRIC") }
    }
}

/// `POST /uapi/domestic-stock/v1/trading/order-rvsecncl`: amend (01) or cancel (02) an order.
public struct KISReviseOrder: Sendable, Hashable {
    public var account: KISAccount
    /// `KRX_FWDG_ORD_ORGNO` of the original order.
    public var branch: String
    /// `ORGN_ODNO`.
    public var originalOrderNumber: String
    public var division: KISOrderDivision
    public var isCancel: Bool
    /// The new quantity (amend) or how many to cancel; nil for all that remains (`QTY_ALL_ORD_YN` Y).
    public var quantity: Int64?
    public var price: Price
    public var exchange: String = "KRX"

    public init(account: KISAccount, branch: String, originalOrderNumber: String, division: KISOrderDivision, isCancel: Bool, quantity: Int64?, price: Price) {
        self.account = account
        self.branch = branch
        self.originalOrderNumber = originalOrderNumber
        self.division = division
        self.isCancel = isCancel
        self.quantity = quantity
        self.price = price
    }

    public var body: KISJSON {
        .strings([
            "CANO": account.number, "ACNT_PRDT_CD": account.product, "KRX_FWDG_ORD_ORGNO": branch, "ORGN_ODNO": originalOrderNumber,
            "ORD_DVSN": division.rawValue, "RVSE_CNCL_DVSN_CD": isCancel ? "02" : "01", "ORD_QTY": String(quantity ?? 0),
            "ORD_UNPR": isCancel ? "0" : KISNumber.text(price), "QTY_ALL_ORD_YN": quantity == nil ? "Y" : "N", "EXCG_ID_DVSN_CD": exchange,
        ])
    }

    /// Reads a body (the simulator's side).
    public init(body: KISJSON) throws(KISDecodingError) {
        func field(_ name: String) throws(KISDecodingError) -> String {
            guard let value = body[name]?.text else { throw KISDecodingError("order-rvsecncl: \(name) is missing") }
            return value
        }
        let code = try field("RVSE_CNCL_DVSN_CD")
        guard code == "01" || code == "02" else { throw KISDecodingError("order-rvsecncl: RVSE_CNCL_DVSN_CD '\(code)' is not 01 or 02") }
        let all = try field("QTY_ALL_ORD_YN")
        guard all == "Y" || all == "N" else { throw KISDecodingError("order-rvsecncl: QTY_ALL_ORD_YN '\(all)' is not Y or N") }
        self.init(
            account: try KISAccount(number: try field("CANO"), product: try field("ACNT_PRDT_CD")), branch: body["KRX_FWDG_ORD_ORGNO"]?.text ?? "",
            originalOrderNumber: try field("ORGN_ODNO"), division: KISOrderDivision(rawValue: try field("ORD_DVSN")) ?? .limit,
            isCancel: code == "02", quantity: all == "Y" ? nil : try KISNumber.integer(try field("ORD_QTY"), "order-rvsecncl.ORD_QTY"),
            price: try KISNumber.price(try field("ORD_UNPR"), "order-rvsecncl.ORD_UNPR"))
    }
}

/// The `output` of an accepted order, amendment or cancellation.
public struct KISOrderReceipt: Sendable, Hashable {
    /// `KRX_FWDG_ORD_ORGNO`: the branch that forwarded it (needed to amend or cancel).
    public let branch: String
    /// `ODNO`: the broker's order number (10 digits).
    public let orderNumber: String
    /// `ORD_TMD`: HHMMSS in KST.
    public let time: String

    public init(branch: String, orderNumber: String, time: String) {
        self.branch = branch
        self.orderNumber = orderNumber
        self.time = time
    }

    /// - Throws: ``KISDecodingError`` when `output` has no `ODNO`.
    public init(reply: KISJSON) throws(KISDecodingError) {
        guard let output = reply["output"], let number = output["ODNO"]?.text, !number.isEmpty else {
            throw KISDecodingError("order reply: no output.ODNO")
        }
        self.init(branch: output["KRX_FWDG_ORD_ORGNO"]?.text ?? "", orderNumber: number, time: output["ORD_TMD"]?.text ?? "")
    }

    /// The `output` object, upper-case as KIS's examples write it.
    public var output: KISJSON { .strings(["KRX_FWDG_ORD_ORGNO": branch, "ODNO": orderNumber, "ORD_TMD": time]) }
}
