public import KumoCore
import KumoRisk

/// The engine's single thread of control: bars in, orders matched on the simulated venue,
/// fills booked, strategies called, equity recorded. Deterministic: the same bars, strategies and
/// configuration give the same fills.
public final class Kernel {
    public let configuration: EngineConfiguration
    public private(set) var portfolio: Portfolio
    public private(set) var orders: [ClientOrderID: Order] = [:]
    public private(set) var fills: [Fill] = []
    /// Open orders in submission order.
    private var open: [ClientOrderID] = []
    /// The last bar of each symbol, for marks and reference prices.
    public private(set) var lastBars: [Symbol: Bar] = [:]
    public private(set) var now = Timestamp(nanoseconds: 0)
    private var sequence = 0
    private var riskGate: RiskGate
    private var dayStartEquity: Double
    private var currentDay: CivilDate?
    /// Orders refused at submission, told to their strategies with the next event.
    private var deferredRejections: [Order] = []
    /// Failures of strategy callbacks, in order, as the report shows them.
    public private(set) var strategyFailures: [(strategy: String, time: Timestamp, message: String)] = []

    public init(configuration: EngineConfiguration) {
        self.configuration = configuration
        portfolio = Portfolio(cash: configuration.cash)
        riskGate = RiskGate(limits: configuration.risk)
        dayStartEquity = configuration.cash.doubleValue
    }

    /// Stops all new orders (the kill switch) until ``resume()``.
    public func halt(_ reason: String) { riskGate.halt(reason) }

    /// Lets new orders through again.
    public func resume() { riskGate.resume() }

    /// Processes one bar: orders placed before it are matched at its prices, then every strategy sees it.
    public func handle(symbol: Symbol, bar: Bar, strategies: [any EngineStrategy]) {
        now = bar.time
        let day = CivilDate(bar.time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        if day != currentDay {
            currentDay = day
            dayStartEquity = equity
        }
        var notifications: [(String, Execution)] = deferredRejections.map { ($0.strategy, .rejected($0)) }
        deferredRejections.removeAll()
        for id in open {
            guard var order = orders[id], order.symbol == symbol, order.createdAt < bar.time else { continue }
            guard let price = fillPrice(order, bar: bar) else { continue }
            let result = execute(&order, at: price, time: bar.time)
            orders[id] = order
            notifications.append((order.strategy, result))
        }
        open.removeAll { !(orders[$0]?.status.isOpen ?? false) }
        lastBars[symbol] = bar
        for strategy in strategies {
            for (owner, result) in notifications where owner == strategy.name {
                switch result {
                case .filled(let fill): guarded(strategy) { try strategy.onFill(fill, kernel: self) }
                case .rejected(let order): guarded(strategy) { try strategy.onReject(order, kernel: self) }
                }
            }
            guarded(strategy) { try strategy.onBar(symbol: symbol, bar: bar, kernel: self) }
        }
    }

    private func guarded(_ strategy: any EngineStrategy, _ body: () throws -> Void) {
        do { try body() } catch { strategyFailures.append((strategy.name, now, "\(error)")) }
    }

    /// The price a bar fills an order at: market at the open; a limit at the open when the open
    /// is already better, else at the limit when the bar trades through it.
    func fillPrice(_ order: Order, bar: Bar) -> Price? {
        switch order.type {
        case .market: return bar.open
        case .limit(let limit):
            switch order.side {
            case .buy: return bar.open <= limit ? bar.open : (bar.low <= limit ? limit : nil)
            case .sell: return bar.open >= limit ? bar.open : (bar.high >= limit ? limit : nil)
            }
        }
    }

    private enum Execution {
        case filled(Fill)
        case rejected(Order)
    }

    private func execute(_ order: inout Order, at price: Price, time: Timestamp) -> Execution {
        let quantity = order.remainingQuantity
        let (micros, overflow) = price.micros.multipliedReportingOverflow(by: quantity)
        guard !overflow else {
            try? order.apply(.rejected("\(quantity) × \(price) is beyond any account's value"))  // open orders always take a rejection
            return .rejected(order)
        }
        let notional = Price(micros: micros)
        let year = CivilDate(time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds).year
        let (commission, tax) = configuration.costs.costs(
            side: order.side, notional: notional, market: configuration.market(of: order.symbol), settlementYear: year)
        if order.side == .buy, notional.micros + commission.micros + tax.micros > portfolio.cash.micros {
            try? order.apply(.rejected("cash \(portfolio.cash) cannot cover \(quantity) × \(price) plus costs"))  // open orders always take a rejection
            return .rejected(order)
        }
        if order.side == .sell, quantity > portfolio.position(order.symbol).quantity {
            try? order.apply(.rejected("selling \(quantity) while holding \(portfolio.position(order.symbol).quantity): short selling is not allowed"))  // as above
            return .rejected(order)
        }
        try? order.apply(.filled(quantity))  // quantity is the remainder of an open order: always valid
        let fill = Fill(
            order: order.id, strategy: order.strategy, symbol: order.symbol, side: order.side, quantity: quantity, price: price,
            commission: commission, tax: tax, time: time)
        portfolio.apply(fill)
        fills.append(fill)
        return .filled(fill)
    }

    /// Submits an order for `strategy`; it is checked now (quantity, tick grid, daily limits) and
    /// matched from the next bar. Returns the order, rejected with the reason when it broke a rule.
    @discardableResult
    public func submit(strategy: String, symbol: Symbol, side: OrderSide, quantity: Int64, type: OrderType = .market) -> Order {
        sequence += 1
        var order = Order(
            id: ClientOrderID("\(strategy)-\(sequence)"), strategy: strategy, symbol: symbol, side: side, quantity: max(quantity, 1),
            type: type, createdAt: now)
        if let reason = refusal(quantity: quantity, symbol: symbol, type: type) ?? riskDenial(order) {
            try? order.apply(.rejected(reason))  // a new order can always be rejected
            deferredRejections.append(order)
        } else {
            try? order.apply(.accepted)  // likewise accepted
            open.append(order.id)
        }
        orders[order.id] = order
        return order
    }

    private func refusal(quantity: Int64, symbol: Symbol, type: OrderType) -> String? {
        guard quantity > 0 else { return "quantity must be positive, not \(quantity)" }
        let reference: Price? = if case .limit(let price) = type { price } else { lastBars[symbol]?.close }
        if let reference, reference.micros.multipliedReportingOverflow(by: quantity).overflow {
            return "quantity \(quantity) at \(reference) is beyond any account's value"
        }
        guard case .limit(let price) = type else { return nil }
        guard price.micros > 0 else { return "a limit price must be positive, not \(price)" }
        let market = configuration.market(of: symbol)
        guard market.followsKRXRules else { return nil }
        let date = CivilDate(now, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        if KRXTickSize.round(price, .down, market: market, on: date) != price {
            return "limit price \(price) is not on the tick grid (tick \(KRXTickSize.tick(for: price, market: market, on: date)))"
        }
        if let reference = lastBars[symbol]?.close, !KRXPriceLimits.allows(price, base: reference, market: market, on: date) {
            let (lower, upper) = KRXPriceLimits.limits(base: reference, market: market, on: date)
            return "limit price \(price) is outside today's limits \(lower)–\(upper)"
        }
        return nil
    }

    private func riskDenial(_ order: Order) -> String? {
        let price: Double
        switch order.type {
        case .limit(let limit): price = limit.doubleValue
        case .market: price = lastBars[order.symbol]?.close.doubleValue ?? 0
        }
        let account = RiskSnapshot(
            positions: portfolio.positions.mapValues(\.quantity), lastPrices: lastBars.mapValues(\.close.doubleValue), equity: equity,
            dayStartEquity: dayStartEquity)
        let intent = OrderIntent(
            strategy: order.strategy, symbol: order.symbol, isBuy: order.side == .buy, quantity: order.quantity, price: price,
            isLimit: order.type != .market, time: now)
        return riskGate.check(intent, account)?.description
    }

    /// Cancels an open order; false when it is not open.
    @discardableResult
    public func cancel(_ id: ClientOrderID) -> Bool {
        guard var order = orders[id], order.status.isOpen else { return false }
        try? order.apply(.cancelled)  // open orders can always be cancelled
        orders[id] = order
        open.removeAll { $0 == id }
        return true
    }

    /// Equity now: cash plus positions at their last closes.
    public var equity: Double { portfolio.equity(marks: lastBars.mapValues(\.close)) }
}
