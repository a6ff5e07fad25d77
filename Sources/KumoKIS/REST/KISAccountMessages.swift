public import KumoCore

/// A holding of `inquire-balance` `output1`.
public struct KISHolding: Sendable, Hashable {
    public let symbol: String
    public let name: String
    /// `hldg_qty`; a fully sold holding shows 0 until D+2.
    public let quantity: Int64
    /// `ord_psbl_qty`: what can be sold now.
    public let sellable: Int64
    /// `pchs_avg_pric`.
    public let averagePrice: Price
    /// `prpr`: the current price.
    public let lastPrice: Price

    public init(symbol: String, name: String, quantity: Int64, sellable: Int64, averagePrice: Price, lastPrice: Price) {
        self.symbol = symbol
        self.name = name
        self.quantity = quantity
        self.sellable = sellable
        self.averagePrice = averagePrice
        self.lastPrice = lastPrice
    }

    /// - Throws: ``KISDecodingError`` naming the field that is not a number.
    public init(row: KISJSON) throws(KISDecodingError) {
        let symbol = row["pdno"]?.text ?? ""
        let what = "inquire-balance output1 \(symbol)"
        guard !symbol.isEmpty else { throw KISDecodingError("inquire-balance output1: a row without pdno") }
        self.init(
            symbol: symbol, name: row["prdt_name"]?.text ?? "", quantity: try KISNumber.integer(row["hldg_qty"]?.text ?? "", "\(what).hldg_qty"),
            sellable: try KISNumber.integer(row["ord_psbl_qty"]?.text ?? "", "\(what).ord_psbl_qty"),
            averagePrice: try KISNumber.price(row["pchs_avg_pric"]?.text ?? "", "\(what).pchs_avg_pric"),
            lastPrice: try KISNumber.price(row["prpr"]?.text ?? "", "\(what).prpr"))
    }
}

/// The account summary of `inquire-balance` `output2` (an array of one object).
public struct KISBalanceSummary: Sendable, Hashable {
    /// `dnca_tot_amt`: the cash deposit (today's trades settle D+2, so not what can be spent).
    public let deposit: Price
    /// `prvs_rcdl_excc_amt`: the cash after D+2 settlement.
    public let settledCash: Price
    /// `scts_evlu_amt`: the holdings at the current price.
    public let securitiesValue: Price
    /// `tot_evlu_amt`.
    public let totalValue: Price

    public init(deposit: Price, settledCash: Price, securitiesValue: Price, totalValue: Price) {
        self.deposit = deposit
        self.settledCash = settledCash
        self.securitiesValue = securitiesValue
        self.totalValue = totalValue
    }

    public init(row: KISJSON) throws(KISDecodingError) {
        func amount(_ name: String) throws(KISDecodingError) -> Price { try KISNumber.price(row[name]?.text ?? "", "inquire-balance output2.\(name)") }
        self.init(
            deposit: try amount("dnca_tot_amt"), settledCash: try amount("prvs_rcdl_excc_amt"), securitiesValue: try amount("scts_evlu_amt"),
            totalValue: try amount("tot_evlu_amt"))
    }
}

/// An order of `inquire-daily-ccld` `output1`: what it asked for and how much filled.
public struct KISDailyOrder: Sendable, Hashable {
    public let date: String
    public let branch: String
    public let orderNumber: String
    public let originalOrderNumber: String
    public let symbol: String
    public let isBuy: Bool
    public let quantity: Int64
    public let price: Price
    /// `ord_tmd`, HHMMSS.
    public let time: String
    /// `tot_ccld_qty` and `tot_ccld_amt`: filled so far, and for how much.
    public let filledQuantity: Int64
    public let filledAmount: Price
    /// `avg_prvs`: the average fill price.
    public let averagePrice: Price
    /// `rmn_qty`: still working.
    public let remaining: Int64
    /// `cncl_cfrm_qty` and `rjct_qty`.
    public let cancelled: Int64
    public let rejected: Int64
    /// `ord_dvsn_cd`.
    public let division: String

    public init(
        date: String, branch: String, orderNumber: String, originalOrderNumber: String, symbol: String, isBuy: Bool, quantity: Int64, price: Price,
        time: String, filledQuantity: Int64, filledAmount: Price, averagePrice: Price, remaining: Int64, cancelled: Int64, rejected: Int64,
        division: String
    ) {
        self.date = date
        self.branch = branch
        self.orderNumber = orderNumber
        self.originalOrderNumber = originalOrderNumber
        self.symbol = symbol
        self.isBuy = isBuy
        self.quantity = quantity
        self.price = price
        self.time = time
        self.filledQuantity = filledQuantity
        self.filledAmount = filledAmount
        self.averagePrice = averagePrice
        self.remaining = remaining
        self.cancelled = cancelled
        self.rejected = rejected
        self.division = division
    }

    public init(row: KISJSON) throws(KISDecodingError) {
        let number = row["odno"]?.text ?? ""
        guard !number.isEmpty else { throw KISDecodingError("inquire-daily-ccld output1: a row without odno") }
        let what = "inquire-daily-ccld output1 \(number)"
        func integer(_ name: String) throws(KISDecodingError) -> Int64 { try KISNumber.integer(row[name]?.text ?? "", "\(what).\(name)") }
        func amount(_ name: String) throws(KISDecodingError) -> Price { try KISNumber.price(row[name]?.text ?? "", "\(what).\(name)") }
        let side = row["sll_buy_dvsn_cd"]?.text ?? ""
        guard side == "01" || side == "02" else { throw KISDecodingError("\(what).sll_buy_dvsn_cd: '\(side)' is not 01 or 02") }
        self.init(
            date: row["ord_dt"]?.text ?? "", branch: row["ord_gno_brno"]?.text ?? "", orderNumber: number,
            originalOrderNumber: row["orgn_odno"]?.text ?? "", symbol: row["pdno"]?.text ?? "", isBuy: side == "02", quantity: try integer("ord_qty"),
            price: try amount("ord_unpr"), time: row["ord_tmd"]?.text ?? "", filledQuantity: try integer("tot_ccld_qty"),
            filledAmount: try amount("tot_ccld_amt"), averagePrice: try amount("avg_prvs"), remaining: try integer("rmn_qty"),
            cancelled: try integer("cncl_cfrm_qty"), rejected: try integer("rjct_qty"), division: row["ord_dvsn_cd"]?.text ?? "")
    }
}

/// `inquire-psbl-order` `output`: what a buy can spend.
public struct KISBuyingPower: Sendable, Hashable {
    /// `ord_psbl_cash`.
    public let orderableCash: Price
    /// `nrcvb_buy_amt` and `nrcvb_buy_qty`: without 미수 (a cash account's figures).
    public let cashBuyAmount: Price
    public let cashBuyQuantity: Int64
    /// `max_buy_amt` and `max_buy_qty`: with 미수.
    public let maxBuyAmount: Price
    public let maxBuyQuantity: Int64

    public init(orderableCash: Price, cashBuyAmount: Price, cashBuyQuantity: Int64, maxBuyAmount: Price, maxBuyQuantity: Int64) {
        self.orderableCash = orderableCash
        self.cashBuyAmount = cashBuyAmount
        self.cashBuyQuantity = cashBuyQuantity
        self.maxBuyAmount = maxBuyAmount
        self.maxBuyQuantity = maxBuyQuantity
    }

    public init(reply: KISJSON) throws(KISDecodingError) {
        guard let output = reply["output"] else { throw KISDecodingError("inquire-psbl-order: no output") }
        func field(_ name: String) -> String { output[name]?.text ?? "" }
        self.init(
            orderableCash: try KISNumber.price(field("ord_psbl_cash"), "inquire-psbl-order.ord_psbl_cash"),
            cashBuyAmount: try KISNumber.price(field("nrcvb_buy_amt"), "inquire-psbl-order.nrcvb_buy_amt"),
            cashBuyQuantity: try KISNumber.integer(field("nrcvb_buy_qty"), "inquire-psbl-order.nrcvb_buy_qty"),
            maxBuyAmount: try KISNumber.price(field("max_buy_amt"), "inquire-psbl-order.max_buy_amt"),
            maxBuyQuantity: try KISNumber.integer(field("max_buy_qty"), "inquire-psbl-order.max_buy_qty"))
    }
}

/// A row of `inquire-psbl-rvsecncl` `output`: an order that can still be amended or cancelled.
public struct KISRevisableOrder: Sendable, Hashable {
    public let branch: String
    public let orderNumber: String
    public let symbol: String
    public let isBuy: Bool
    public let quantity: Int64
    public let price: Price
    public let filledQuantity: Int64
    /// `psbl_qty`: how much can still be amended or cancelled.
    public let revisable: Int64

    public init(row: KISJSON) throws(KISDecodingError) {
        let number = row["odno"]?.text ?? ""
        guard !number.isEmpty else { throw KISDecodingError("inquire-psbl-rvsecncl output: a row without odno") }
        let what = "inquire-psbl-rvsecncl output \(number)"
        branch = row["ord_gno_brno"]?.text ?? ""
        orderNumber = number
        symbol = row["pdno"]?.text ?? ""
        isBuy = row["sll_buy_dvsn_cd"]?.text == "02"
        quantity = try KISNumber.integer(row["ord_qty"]?.text ?? "", "\(what).ord_qty")
        price = try KISNumber.price(row["ord_unpr"]?.text ?? "", "\(what).ord_unpr")
        filledQuantity = try KISNumber.integer(row["tot_ccld_qty"]?.text ?? "", "\(what).tot_ccld_qty")
        revisable = try KISNumber.integer(row["psbl_qty"]?.text ?? "", "\(what).psbl_qty")
    }
}
