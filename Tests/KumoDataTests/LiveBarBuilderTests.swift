import KumoCore
import KumoData
import Testing

struct LiveBarBuilderTests {
    let symbol = Symbol("005930")!
    let other = Symbol("000660")!

    func tick(_ minute: Int, _ second: Int, _ price: Int64, _ quantity: Int64 = 10) -> Tick {
        Tick(time: Timestamp(year: 2025, month: 6, day: 2, hour: 9, minute: minute, second: second, utcOffsetSeconds: 9 * 3600)!, price: Price(units: price), quantity: quantity)
    }

    @Test func liveBarsEqualTheResamplersBarsOfTheSameTrades() {
        let ticks = [tick(0, 1, 100), tick(0, 30, 105), tick(0, 59, 98), tick(1, 0, 99), tick(1, 40, 101), tick(3, 5, 102)]
        var builder = LiveBarBuilder(timeframe: Timeframe(parsing: "1m")!)
        var live: [Bar] = []
        for tick in ticks { if let bar = builder.add(tick, of: symbol) { live.append(bar) } }
        live += builder.close(before: tick(10, 0, 0).time).map(\.bar)
        #expect(live == BarResampler(target: Timeframe(parsing: "1m")!).bars(from: ticks))
        #expect(live.count == 3 && live[0].high == Price(units: 105) && live[0].volume == 30)
    }

    @Test func aQuietSymbolsBarClosesWhenItsMinuteIsOver() {
        var builder = LiveBarBuilder(timeframe: Timeframe(parsing: "1m")!)
        _ = builder.add(tick(0, 10, 100), of: other)
        _ = builder.add(tick(0, 20, 200), of: symbol)
        #expect(builder.close(before: tick(0, 59, 0).time).isEmpty, "the minute is not over yet")
        let closed = builder.close(before: tick(1, 0, 0).time)
        #expect(closed.map(\.symbol) == [other, symbol])
        #expect(builder.add(tick(1, 5, 201), of: symbol) == nil, "a new minute starts a new bar")
    }
}
