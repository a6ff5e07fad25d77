public import KumoCore

/// The host's pre-trade check: limits, a per-strategy order rate, a daily-loss halt and a kill
/// switch. Decisions are values with the reason a trader reads.
public struct RiskGate: Sendable {
    public var limits: RiskLimits
    /// Set by an operator (or by the daily-loss rule): no new orders until lifted.
    public private(set) var haltReason: String?
    private var recentOrders: [String: OrderWindow] = [:]

    /// The times of one strategy's orders in the last second, oldest first.
    struct OrderWindow: Sendable {
        private var times: [Int64] = []
        private var start = 0

        var count: Int { times.count - start }

        mutating func expire(before cutoff: Int64) {
            while start < times.count, times[start] <= cutoff { start += 1 }
            if start > 1024, start * 2 > times.count {
                times.removeFirst(start)
                start = 0
            }
        }

        mutating func append(_ time: Int64) { times.append(time) }
    }

    public init(limits: RiskLimits = RiskLimits()) { self.limits = limits }

    /// Why an order is refused, as a rule name and a sentence.
    public struct Denial: Sendable, Hashable, CustomStringConvertible {
        public var rule: String
        public var message: String
        public var description: String { "\(rule): \(message)" }
    }

    /// Stops all new orders (the kill switch); `reason` is what refusals say.
    public mutating func halt(_ reason: String) { haltReason = reason }

    /// Lets orders through again.
    public mutating func resume() { haltReason = nil }

    /// Checks an order; records it against the rate limit when allowed.
    public mutating func check(_ order: OrderIntent, _ account: RiskSnapshot) -> Denial? {
        if let haltReason { return Denial(rule: "halted", message: haltReason) }
        if let maxLoss = limits.maxDailyLoss, account.dayStartEquity - account.equity > maxLoss {
            haltReason = "the daily loss \(Self.amount(account.dayStartEquity - account.equity)) passed the limit \(Self.amount(maxLoss)); new orders stop for the day"
            return Denial(rule: "max_daily_loss", message: haltReason!)
        }
        let value = order.price * Double(order.quantity)
        if let maxOrder = limits.maxOrderValue, value > maxOrder {
            return Denial(rule: "max_order_value", message: "the order is worth \(Self.amount(value)), over the limit \(Self.amount(maxOrder))")
        }
        let held = account.positions[order.symbol] ?? 0
        let after = held + (order.isBuy ? order.quantity : -order.quantity)
        if let maxPosition = limits.maxPositionValue, abs(Double(after)) * order.price > maxPosition, abs(after) > abs(held) {
            return Denial(
                rule: "max_position", message: "\(order.symbol) would be worth \(Self.amount(abs(Double(after)) * order.price)), over the limit \(Self.amount(maxPosition))")
        }
        if let maxGross = limits.maxGrossExposure, abs(after) > abs(held) {
            var gross = abs(Double(after)) * order.price
            // In symbol order: the same sum in every process (a dictionary's order is not).
            for (symbol, quantity) in account.positions.sorted(by: { $0.key < $1.key }) where symbol != order.symbol {
                gross += abs(Double(quantity)) * (account.lastPrices[symbol] ?? 0)
            }
            if gross > maxGross {
                return Denial(rule: "max_gross_exposure", message: "positions would be worth \(Self.amount(gross)), over the limit \(Self.amount(maxGross))")
            }
        }
        if let deviation = limits.maxPriceDeviation, order.isLimit, let last = account.lastPrices[order.symbol], last > 0,
            abs(order.price / last - 1) > deviation
        {
            return Denial(rule: "price_band", message: "limit \(order.price) is more than \(deviation * 100)% from the last trade \(last)")
        }
        if let rate = limits.maxOrdersPerSecond {
            // Times arrive in order: drop the expired ones from the front (amortised constant time).
            let cutoff = order.time.nanoseconds - 1_000_000_000
            var window = recentOrders.removeValue(forKey: order.strategy) ?? OrderWindow()
            window.expire(before: cutoff)
            defer { recentOrders[order.strategy] = window }
            guard window.count < rate else {
                return Denial(rule: "max_orders_per_second", message: "\(order.strategy) already sent \(window.count) orders in the last second (limit \(rate))")
            }
            window.append(order.time.nanoseconds)
        }
        return nil
    }

    static func amount(_ value: Double) -> String { String(Int64(value.rounded())) }
}
