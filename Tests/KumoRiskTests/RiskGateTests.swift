import KumoCore
import KumoRisk
import Testing

struct RiskGateTests {
    static let samsung = Symbol("005930")!
    static let hynix = Symbol("000660")!

    static func intent(_ quantity: Int64, buy: Bool = true, price: Double = 70_000, limit: Bool = false, second: Int64 = 0) -> OrderIntent {
        OrderIntent(strategy: "s", symbol: samsung, isBuy: buy, quantity: quantity, price: price, isLimit: limit, time: Timestamp(seconds: second))
    }

    static let account = RiskSnapshot(positions: [samsung: 100, hynix: 50], lastPrices: [samsung: 70_000, hynix: 140_000], equity: 20_000_000, dayStartEquity: 20_000_000)

    @Test func eachLimitRefusesWithItsRuleAndNumbers() {
        var gate = RiskGate(limits: RiskLimits(maxPositionValue: 11_000_000, maxOrderValue: 5_000_000, maxGrossExposure: 19_000_000))
        #expect(gate.check(Self.intent(50), Self.account) == nil)
        #expect(gate.check(Self.intent(80), Self.account)?.rule == "max_order_value")
        #expect(gate.check(Self.intent(70), Self.account)?.description == "max_position: 005930 would be worth 11900000, over the limit 11000000")
        #expect(gate.check(Self.intent(300, buy: false), Self.account)?.rule == "max_order_value")
        #expect(gate.check(Self.intent(40, buy: false), Self.account) == nil)  // reducing is always allowed
        var gross = RiskGate(limits: RiskLimits(maxGrossExposure: 15_000_000))
        #expect(gross.check(Self.intent(10), Self.account) == nil)  // 7.7M + 7M
        #expect(gross.check(Self.intent(20), Self.account)?.rule == "max_gross_exposure")
    }

    @Test func theDailyLossHaltsUntilResumed() {
        var gate = RiskGate(limits: RiskLimits(maxDailyLoss: 1_000_000))
        var losing = Self.account
        losing.equity = 18_900_000
        #expect(gate.check(Self.intent(1), losing)?.rule == "max_daily_loss")
        #expect(gate.check(Self.intent(1), Self.account)?.rule == "halted")
        gate.resume()
        #expect(gate.check(Self.intent(1), Self.account) == nil)
    }

    @Test func theKillSwitchAndThePriceBandAndTheRate() {
        var gate = RiskGate(limits: RiskLimits(maxOrdersPerSecond: 2, maxPriceDeviation: 0.05))
        #expect(gate.check(Self.intent(1, price: 74_000, limit: true), Self.account)?.rule == "price_band")
        #expect(gate.check(Self.intent(1), Self.account) == nil)
        #expect(gate.check(Self.intent(1), Self.account) == nil)
        #expect(gate.check(Self.intent(1), Self.account)?.rule == "max_orders_per_second")
        #expect(gate.check(Self.intent(1, second: 2), Self.account) == nil)
        gate.halt("operator")
        #expect(gate.check(Self.intent(1, second: 5), Self.account)?.description == "halted: operator")
    }
}
