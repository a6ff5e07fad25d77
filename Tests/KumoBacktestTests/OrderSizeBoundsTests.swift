import KumoCore
import KumoEngine
import Testing

/// A quantity whose value cannot be counted in won is refused with a reason, never a trap.
struct OrderSizeBoundsTests {
    static let samsung = Symbol("005930")!
    static func bar(day: Int, close: Int64) -> Bar {
        let price = Price(units: close)
        return Bar(time: Timestamp(year: 2024, month: 1, day: day, hour: 6)!, open: price, high: price, low: price, close: price, volume: 1_000)
    }

    @Test func aQuantityBeyondAnyValueIsRefusedAtSubmission() {
        let kernel = Kernel(configuration: EngineConfiguration())
        kernel.handle(symbol: Self.samsung, bar: Self.bar(day: 2, close: 70_000), strategies: [])
        let order = kernel.submit(strategy: "s", symbol: Self.samsung, side: .buy, quantity: .max)
        #expect(order.status == .rejected)
        #expect(order.rejection == "quantity 9223372036854775807 at 70000 is beyond any account's value")
        let limit = kernel.submit(strategy: "s", symbol: Self.samsung, side: .sell, quantity: 200_000_000_000_000, type: .limit(Price(units: 70_000)))
        #expect(limit.status == .rejected)
    }

    @Test func withoutAReferencePriceItIsRejectedWhenMatched() {
        let kernel = Kernel(configuration: EngineConfiguration())
        let order = kernel.submit(strategy: "s", symbol: Self.samsung, side: .buy, quantity: .max)
        #expect(order.status == .accepted)  // no bar yet: nothing to value it at
        kernel.handle(symbol: Self.samsung, bar: Self.bar(day: 2, close: 70_000), strategies: [])
        #expect(kernel.orders[order.id]?.status == .rejected)
        #expect(kernel.orders[order.id]?.rejection == "9223372036854775807 × 70000 is beyond any account's value")
        #expect(kernel.fills.isEmpty)
        #expect(kernel.portfolio.cash == EngineConfiguration().cash)
    }
}
