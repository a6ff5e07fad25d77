import Foundation
public import KumoCore
public import KumoEngine
public import KumoKIS

/// `kumo bench broker`: the time from a trade frame read off the KIS WebSocket to the order it
/// causes going out on the REST socket, through the kernel (journal-free) and the broker's REST
/// thread, one print at a time; and the orders a second the rate limiter sustains.
public struct BrokerBenchmark {
    public let broker: KISBroker
    public let probe: KISLatencyProbe
    /// Replays one print at the simulator (called on a thread of its own).
    public let step: @Sendable () throws -> Void
    public let symbol: Symbol

    public init(broker: KISBroker, probe: KISLatencyProbe, symbol: Symbol, step: @escaping @Sendable () throws -> Void) {
        self.broker = broker
        self.probe = probe
        self.symbol = symbol
        self.step = step
    }

    /// Buys one share on every print it sees.
    final class TickBuyer: EngineStrategy {
        let name = "bench"
        var isActive: Bool { true }
        var healthDescription: String { "healthy" }
        func onBar(symbol: Symbol, bar: Bar, kernel: Kernel) throws {}
        func onTick(symbol: Symbol, tick: Tick, kernel: Kernel) throws { kernel.submit(strategy: name, symbol: symbol, side: .buy, quantity: 1) }
        func onTimer(name: String, time: Timestamp, kernel: Kernel) throws {}
        func onFill(_ fill: Fill, kernel: Kernel) throws {}
        func onReject(_ order: Order, kernel: Kernel) throws {}
        func onOrder(_ order: Order, kernel: Kernel) throws {}
    }

    /// Measures `orders` tick-to-order times; returns them in microseconds with their percentiles.
    public func tickToOrder(orders: Int) throws -> [(String, Double)] {
        let kernel = Kernel(configuration: EngineConfiguration(cash: Price(units: 100_000_000_000)))
        kernel.gateway = broker
        let buyer = TickBuyer()
        for index in 0..<orders {
            // The print is asked for on another thread: the clock starts when its frame is read, and this
            // thread is already waiting for it, as the engine's loop would be.
            let step = step
            let stepping = Thread { try? step() }  // a failed step shows as the order that never went out
            stepping.start()
            let deadline = Date().addingTimeInterval(5)
            var ticked = false
            while probe.samples.count <= index, Date() < deadline {
                broker.waitForInput(timeout: 0.01)
                for input in broker.drain() {
                    switch input {
                    case .tick(let symbol, let tick) where !ticked:
                        ticked = true
                        kernel.handle(symbol: symbol, tick: tick, strategies: [buyer])
                        broker.flush()
                    case .report(let report): kernel.handle(report, strategies: [])
                    default: break
                    }
                }
            }
            guard probe.samples.count > index else { throw BrokerError.noReply("order \(index + 1) never went out within 5 s") }
        }
        let micros = probe.samples.map { Double($0) / 1000 }.sorted()
        func percentile(_ p: Double) -> Double { micros[min(micros.count - 1, Int((Double(micros.count) * p).rounded(.up)) - 1)] }
        return [
            ("tick_to_order_p50_us", percentile(0.5)), ("tick_to_order_p99_us", percentile(0.99)), ("tick_to_order_p999_us", percentile(0.999)),
            ("tick_to_order_max_us", micros.last ?? 0), ("tick_to_order_samples", Double(micros.count)),
        ]
    }

    /// Orders a second the client sustains at `limit` calls a second: a first second's burst, then
    /// `count` orders timed.
    public static func sustainedOrders(settings: KISClientSettings, credentials: KISCredentials, symbol: Symbol, count: Int) throws -> [(String, Double)] {
        let client = KISRestClient(settings: settings, credentials: credentials)
        _ = try client.accessToken()
        let order = KISCashOrder(account: settings.account, symbol: symbol.code, isBuy: true, division: .market, quantity: 1, price: Price(micros: 0))
        var refused = 0
        func send() { if case .accepted = client.submit(order) {} else { refused += 1 } }
        for _ in 0..<Int(settings.callsPerSecond) { send() }
        let started = Date()
        for _ in 0..<count { send() }
        let elapsed = Date().timeIntervalSince(started)
        return [("orders_per_s_at_\(Int(settings.callsPerSecond))_per_s_limit", Double(count) / elapsed), ("orders_refused", Double(refused))]
    }
}
