import KumoCore
import KumoEngine

/// A kernel fed hand-made daily bars of one KRX symbol, so each test states its prices.
final class VenueHarness {
    static let symbol = Symbol("005930")!
    let kernel: Kernel
    private(set) var day = 0

    init(_ configuration: EngineConfiguration = EngineConfiguration(costs: CostModel(commission: Rate(partsPerBillion: 0), sellTax: Rate(partsPerBillion: 0)))) {
        kernel = Kernel(configuration: configuration)
    }

    /// The next weekday's daily bar (stamped midnight KST, as daily files are), from 2024-01-01.
    @discardableResult
    func bar(_ open: Int64, _ high: Int64, _ low: Int64, _ close: Int64, volume: Int64 = 1_000_000, symbol: Symbol = VenueHarness.symbol) -> Bar {
        var date = CivilDate(year: 2024, month: 1, day: 1)!.adding(days: day)
        while date.isWeekend {
            day += 1
            date = date.adding(days: 1)
        }
        day += 1
        let time = Timestamp(year: date.year, month: date.month, day: date.day, utcOffsetSeconds: 9 * 3600)!
        let bar = Bar(time: time, open: Price(units: open), high: Price(units: high), low: Price(units: low), close: Price(units: close), volume: volume)
        kernel.handle(symbol: symbol, bar: bar, strategies: [])
        return bar
    }

    @discardableResult
    func submit(_ side: OrderSide, _ quantity: Int64, _ type: OrderType = .market, tif: TimeInForce = .day, strategy: String = "s") -> Order {
        kernel.submit(strategy: strategy, symbol: Self.symbol, side: side, quantity: quantity, type: type, timeInForce: tif)
    }

    func order(_ order: Order) -> Order { kernel.orders[order.id]! }

    var fills: [Fill] { kernel.fills }
    var prices: [Int64] { kernel.fills.map { $0.price.micros / Price.scale } }
}

extension Price {
    static func won(_ units: Int64) -> Price { Price(units: units) }
}
