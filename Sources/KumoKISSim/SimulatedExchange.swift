public import KumoCore
public import KumoKIS

/// The simulator's exchange and account, as a value: orders checked with KRX's tick grid, daily
/// limits and the account's cash, matched against the replayed prints, booked with KRX costs.
/// Every change returns the notices it causes for the caller to send.
public struct SimulatedExchange: Sendable {
    public struct Order: Sendable, Equatable {
        public let number: String
        public let branch: String
        public let symbol: String
        public let isBuy: Bool
        public var quantity: Int64
        /// The limit, or nil for a market order.
        public var limit: Price?
        public let time: Timestamp
        public var originalNumber = ""
        /// `EXCG_ID_DVSN_CD`: KRX, NXT, or SOR (filled on whichever venue's print reaches it first).
        public var route = OrderRoute.krx
        public var filled: Int64 = 0
        public var filledAmount: Int64 = 0
        public var cancelled: Int64 = 0
        public var rejected: Int64 = 0
        public var remaining: Int64 { quantity - filled - cancelled - rejected }
    }

    public struct Holding: Sendable, Equatable {
        public var quantity: Int64 = 0
        public var cost: Int64 = 0
        public var averagePrice: Price { quantity > 0 ? Price(micros: cost / quantity) : Price(micros: 0) }
    }

    /// A notice to push on the execution-notice TR.
    public enum Notice: Sendable, Equatable {
        case accepted(Order)
        case filled(Order, quantity: Int64, price: Price, time: Timestamp, venue: TradingVenue)
        case cancelled(Order, quantity: Int64)
        case amended(Order)
    }

    /// A print of the replayed market, on KRX or Nextrade.
    public struct Print: Sendable, Equatable {
        public let symbol: String
        public let time: Timestamp
        public let price: Price
        public let quantity: Int64
        public var venue = TradingVenue.krx

        public init(symbol: String, time: Timestamp, price: Price, quantity: Int64, venue: TradingVenue = .krx) {
            self.symbol = symbol
            self.time = time
            self.price = price
            self.quantity = quantity
            self.venue = venue
        }
    }

    public private(set) var cash: Int64
    public private(set) var holdings: [String: Holding] = [:]
    public private(set) var orders: [Order] = []
    /// The last print per symbol, the day's open/high/low/volume, and the base of the day's limits.
    public private(set) var last: [String: Print] = [:]
    var day: [String: (open: Price, high: Price, low: Price, volume: Int64, base: Price, date: CivilDate)] = [:]
    public private(set) var now = Timestamp(nanoseconds: 0)
    public let commissionPerMillion: Int64
    private var nextNumber: Int
    public static let branch = "06010"

    public init(cash: Int64, commissionPerMillion: Int64 = 150, firstOrderNumber: Int = 1_569_157) {
        self.cash = cash * Price.scale
        self.commissionPerMillion = commissionPerMillion
        nextNumber = firstOrderNumber
    }

    /// The won a cash buy may still commit: cash less what open buys reserve (market buys at the upper limit).
    public var orderableCash: Int64 {
        cash - orders.filter { $0.isBuy && $0.remaining > 0 }.reduce(0) { $0 + reserve(for: $1, quantity: $1.remaining) }
    }

    func reserve(for order: Order, quantity: Int64) -> Int64 {
        let price = order.limit ?? limits(order.symbol)?.upper ?? last[order.symbol]?.price ?? Price(micros: 0)
        let notional = price.micros * quantity
        return notional + notional / 1_000_000 * commissionPerMillion
    }

    /// What a sell may still take: held less open sells.
    public func sellable(_ symbol: String) -> Int64 {
        (holdings[symbol]?.quantity ?? 0) - orders.filter { !$0.isBuy && $0.symbol == symbol && $0.remaining > 0 }.reduce(0) { $0 + $1.remaining }
    }

    public func limits(_ symbol: String) -> (lower: Price, upper: Price)? {
        guard let today = day[symbol] else { return nil }
        return KRXPriceLimits.limits(base: today.base, market: .kospi, on: today.date)
    }

    /// Places an order; returns the order and its acceptance notice, or KIS's refusal (code, message).
    public mutating func place(_ request: KISCashOrder) -> Result<(Order, [Notice]), KISFailure> {
        guard let print = last[request.symbol], let today = day[request.symbol] else {
            return .failure(KISFailure(status: 200, code: KISCode.unknownStock, message: "\(request.symbol): 해당 종목이 없습니다."))
        }
        guard request.quantity > 0 else { return .failure(KISFailure(status: 200, code: "APBK0506", message: "주문수량을 확인하여 주십시오.")) }
        guard request.division == .limit || request.division == .market else {
            return .failure(KISFailure(status: 200, code: "APBK1741", message: "주문구분 \(request.division.rawValue)은 모의 거래소에서 지원하지 않습니다."))
        }
        guard let route = OrderRoute(rawValue: request.exchange.lowercased()) else {
            return .failure(KISFailure(status: 200, code: "APBK1742", message: "거래소ID구분코드(EXCG_ID_DVSN_CD) '\(request.exchange)'를 확인하여 주십시오."))
        }
        // NXT takes limit-type orders only (KIS ORD_DVSN table: 01 시장가 is KRX and SOR).
        guard !(route == .nxt && request.division == .market) else {
            return .failure(KISFailure(status: 200, code: "APBK1741", message: "주문구분 01(시장가)은 NXT에서 지원하지 않습니다."))
        }
        var limit: Price?
        if request.division == .limit {
            let price = request.price
            guard price.micros > 0, KRXTickSize.round(price, .down, market: .kospi, on: today.date) == price else {
                return .failure(KISFailure(status: 200, code: "APBK0521", message: "호가단위가 맞지 않습니다. (\(KISNumber.text(price)))"))
            }
            let band = KRXPriceLimits.limits(base: today.base, market: .kospi, on: today.date)
            guard price >= band.lower, price <= band.upper else {
                return .failure(KISFailure(status: 200, code: "APBK0561", message: "주문가격이 상하한가를 벗어났습니다. (\(KISNumber.text(band.lower))~\(KISNumber.text(band.upper)))"))
            }
            limit = price
        }
        var order = Order(number: String(nextNumber).leftPadded(to: 10), branch: Self.branch, symbol: request.symbol, isBuy: request.isBuy, quantity: request.quantity, limit: limit, time: now)
        order.route = route
        if order.isBuy, reserve(for: order, quantity: order.quantity) > orderableCash {
            return .failure(KISFailure(status: 200, code: KISCode.insufficientCash, message: "주문가능금액을 초과 했습니다"))
        }
        if !order.isBuy, order.quantity > sellable(order.symbol) {
            return .failure(KISFailure(status: 200, code: "APBK0986", message: "주문가능수량을 초과하였습니다."))
        }
        nextNumber += 1
        orders.append(order)
        return .success((order, [.accepted(order)]))
    }

    /// Amends (new quantity and price) or cancels the remainder of an open order.
    public mutating func revise(_ request: KISReviseOrder) -> Result<(Order, [Notice]), KISFailure> {
        guard let index = orders.firstIndex(where: { $0.number == request.originalOrderNumber }) else {
            return .failure(KISFailure(status: 200, code: "APBK0344", message: "원주문번호가 존재하지 않습니다."))
        }
        let open = orders[index].remaining
        guard open > 0 else { return .failure(KISFailure(status: 200, code: "APBK0915", message: "정정/취소할 수량이 없습니다.")) }
        let quantity = min(request.quantity ?? open, open)
        let number = String(nextNumber).leftPadded(to: 10)
        nextNumber += 1
        if request.isCancel {
            orders[index].cancelled += quantity
            let original = orders[index]
            let receipt = Order(
                number: number, branch: Self.branch, symbol: original.symbol, isBuy: original.isBuy, quantity: quantity, limit: original.limit, time: now,
                originalNumber: original.number)
            return .success((receipt, [.cancelled(original, quantity: quantity)]))
        }
        // KRX amends by cancelling the old remainder and placing the new terms under a new number.
        orders[index].cancelled += open
        var amended = Order(number: number, branch: Self.branch, symbol: orders[index].symbol, isBuy: orders[index].isBuy, quantity: quantity, limit: request.price.micros > 0 ? request.price : orders[index].limit, time: now)
        amended.originalNumber = orders[index].number
        amended.route = orders[index].route
        orders.append(amended)
        return .success((amended, [.amended(amended)]))
    }

    /// Replays one print: a KRX print becomes the last price; the open orders of its symbol on its
    /// venue (and SOR orders) it reaches fill (market orders at the print, limits at their limit),
    /// oldest first, up to the print's quantity.
    public mutating func replay(_ print: Print) -> [Notice] {
        now = max(now, print.time)
        if print.venue == .nxt { return match(print) }
        let date = CivilDate(print.time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        if let today = day[print.symbol], today.date == date {
            day[print.symbol] = (today.open, max(today.high, print.price), min(today.low, print.price), today.volume + print.quantity, today.base, date)
        } else {
            let base = last[print.symbol]?.price ?? print.price
            day[print.symbol] = (print.price, print.price, print.price, print.quantity, base, date)
        }
        last[print.symbol] = print
        return match(print)
    }

    mutating func match(_ print: Print) -> [Notice] {
        var notices: [Notice] = []
        var available = max(print.quantity, 1)
        for index in orders.indices where orders[index].symbol == print.symbol && orders[index].remaining > 0 && orders[index].time < print.time {
            guard orders[index].route == .sor || orders[index].route.venue == print.venue else { continue }
            guard available > 0 else { break }
            let order = orders[index]
            let reaches = order.limit.map { order.isBuy ? print.price <= $0 : print.price >= $0 } ?? true
            guard reaches else { continue }
            let price = order.limit ?? print.price
            let quantity = min(order.remaining, available)
            available -= quantity
            book(index, quantity: quantity, price: price)
            notices.append(.filled(orders[index], quantity: quantity, price: price, time: print.time, venue: print.venue))
        }
        return notices
    }

    private mutating func book(_ index: Int, quantity: Int64, price: Price) {
        let order = orders[index]
        let year = KRXTransactionCosts.settlementYear(tradeDate: CivilDate(now, utcOffsetSeconds: KRXSessions.utcOffsetSeconds))
        let costs = KRXTransactionCosts.costs(isSell: !order.isBuy, price: price, quantity: quantity, market: .kospi, settlementYear: year, commissionRatePerMillion: commissionPerMillion)
        let notional = price.micros * quantity
        orders[index].filled += quantity
        orders[index].filledAmount += notional
        var holding = holdings[order.symbol] ?? Holding()
        if order.isBuy {
            cash -= notional + costs.commission.micros
            holding.quantity += quantity
            holding.cost += notional
        } else {
            cash += notional - costs.commission.micros - costs.tax.micros
            holding.cost -= holding.quantity > 0 ? holding.cost / holding.quantity * quantity : 0
            holding.quantity -= quantity
        }
        holdings[order.symbol] = holding
    }
}
