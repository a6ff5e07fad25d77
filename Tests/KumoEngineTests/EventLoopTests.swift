import KumoCore
import KumoEngine
import Testing

/// The event loop: bars and ticks in time order, timers around them, notices before callbacks.
struct EventLoopTests {
    /// Records what it is told, and runs `onBarAction` on each bar.
    final class Recorder: EngineStrategy {
        let name: String
        var events: [String] = []
        var onBarAction: ((Kernel, Symbol, Bar) -> Void)?
        var onTickAction: ((Kernel, Tick) -> Void)?

        init(_ name: String) { self.name = name }

        /// Month, day and time in UTC (KST midnight is 15:00 the day before).
        static func clock(_ time: Timestamp) -> String { String(time.description.dropLast().suffix(14)) }

        func onBar(symbol: Symbol, bar: Bar, kernel: Kernel) throws {
            events.append("bar \(symbol.code) \(Self.clock(bar.time))")
            onBarAction?(kernel, symbol, bar)
        }
        func onTick(symbol: Symbol, tick: Tick, kernel: Kernel) throws {
            events.append("tick \(tick.price)")
            onTickAction?(kernel, tick)
        }
        func onTimer(name: String, time: Timestamp, kernel: Kernel) throws { events.append("timer \(name) \(Self.clock(time))") }
        func onFill(_ fill: Fill, kernel: Kernel) throws { events.append("fill \(fill.quantity) @ \(fill.price)") }
        func onReject(_ order: Order, kernel: Kernel) throws { events.append("reject \(order.id)") }
        func onOrder(_ order: Order, kernel: Kernel) throws { events.append("order \(order.id) \(order.status.rawValue)") }
    }

    static let symbol = Symbol("005930")!
    static let other = Symbol("000660")!

    static func kst(_ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Timestamp {
        Timestamp(year: 2024, month: 1, day: day, hour: hour, minute: minute, second: second, utcOffsetSeconds: 9 * 3600)!
    }

    static func bar(_ time: Timestamp, _ price: Int64) -> Bar {
        Bar(time: time, open: Price(units: price), high: Price(units: price), low: Price(units: price), close: Price(units: price), volume: 1_000)
    }

    @Test func timersFireAroundEventsInTimeOrder() {
        let kernel = Kernel(configuration: EngineConfiguration())
        let recorder = Recorder("r")
        recorder.onBarAction = { kernel, _, _ in
            if recorder.events.count == 1 { kernel.setTimer(strategy: "r", name: "half", after: 12 * 3600, repeating: true) }
        }
        let loop = EventLoop(kernel: kernel, strategies: [recorder])
        loop.step(.bar(Self.symbol, Self.bar(Self.kst(2), 70_000)))
        loop.step(.bar(Self.symbol, Self.bar(Self.kst(3), 70_000)))
        // Equal times keep the source's order: 005930 then 000660, then the timer due at that time.
        loop.step(.bar(Self.other, Self.bar(Self.kst(3), 130_000)))
        loop.step(.bar(Self.symbol, Self.bar(Self.kst(4), 70_000)))
        #expect(kernel.cancelTimer(strategy: "r", name: "half"))
        loop.finish()
        #expect(recorder.events == [
            "bar 005930 01-01T15:00:00", "timer half 01-02T03:00:00", "bar 005930 01-02T15:00:00", "bar 000660 01-02T15:00:00",
            "timer half 01-02T15:00:00", "timer half 01-03T03:00:00", "bar 005930 01-03T15:00:00",
        ])
        #expect(kernel.setTimer(strategy: "r", name: "x", after: -1) != nil)
    }

    @Test func ticksMatchOrdersAtTheirPriceUnderTheVolumeShare() {
        let kernel = Kernel(configuration: EngineConfiguration(venue: VenueModel(volumeShare: 0.5)))
        let recorder = Recorder("r")
        let loop = EventLoop(kernel: kernel, strategies: [recorder])
        loop.step(.tick(Self.symbol, Tick(time: Self.kst(2, 9, 0, 1), price: Price(units: 70_000), quantity: 10)))
        kernel.submit(strategy: "r", symbol: Self.symbol, side: .buy, quantity: 8)
        kernel.submit(strategy: "r", symbol: Self.symbol, side: .buy, quantity: 3, type: .limit(Price(units: 69_800)))
        loop.step(.tick(Self.symbol, Tick(time: Self.kst(2, 9, 0, 2), price: Price(units: 70_100), quantity: 10)))  // 5 of the market 8
        loop.step(.tick(Self.symbol, Tick(time: Self.kst(2, 9, 0, 3), price: Price(units: 69_800), quantity: 4)))  // 2 more, and 2 of the limit
        #expect(kernel.fills.map { "\($0.quantity) @ \($0.price)" } == ["5 @ 70100", "2 @ 69800", "2 @ 69800"])
        #expect(recorder.events == ["tick 70000", "fill 5 @ 70100", "tick 70100", "fill 2 @ 69800", "fill 2 @ 69800", "tick 69800"])
        // Paid 350,500 + 279,200 and commission 52 + 20 + 20 (0.015%, cut to won); 9 shares marked at the last print 69,800.
        #expect(kernel.equity == 9_998_408)
    }
}
