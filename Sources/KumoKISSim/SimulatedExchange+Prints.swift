public import KumoCore

extension SimulatedExchange {
    /// The prints a simulator replays: each bar as four prints 15 s apart (open, the nearer
    /// extreme, the other, close) with a quarter of its volume each, and with `nextradeShare` > 0
    /// Nextrade's beside them. Symbols and venues interleave in time; a symbol keeps its own order.
    public static func prints(of market: [(symbol: String, bars: [Bar])], nextradeShare: Double, generator: inout SplitMix64) -> [Print] {
        var prints: [Print] = []
        for (symbol, bars) in market {
            for bar in bars {
                let path = bar.close >= bar.open ? [bar.open, bar.low, bar.high, bar.close] : [bar.open, bar.high, bar.low, bar.close]
                let quantity = max(bar.volume / 4, 1)
                for (step, price) in path.enumerated() {
                    prints.append(Print(symbol: symbol, time: Timestamp(nanoseconds: bar.time.nanoseconds + Int64(step) * 15_000_000_000), price: price, quantity: quantity))
                }
            }
        }
        if nextradeShare > 0 { prints += nextradePrints(prints, share: nextradeShare, generator: &generator) }
        return prints.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }

    /// Nextrade's prints beside KRX's: `share` of each KRX print's quantity, 5 s after it, at its
    /// price or a tick either side, during NXT's continuous sessions.
    static func nextradePrints(_ prints: [Print], share: Double, generator: inout SplitMix64) -> [Print] {
        prints.compactMap { print in
            let time = Timestamp(nanoseconds: print.time.nanoseconds + 5_000_000_000)
            guard TradingVenue.nxt.isContinuous(at: time) else { return nil }
            let tick = KRXTickSize.tick(for: print.price, on: CivilDate(time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)).micros
            let offset = Int64(generator.next() % 3) - 1
            let price = Price(micros: max(tick, print.price.micros + offset * tick))
            return Print(symbol: print.symbol, time: time, price: price, quantity: max(1, Int64(Double(print.quantity) * share)), venue: .nxt)
        }
    }

    /// The book a simulator shows around a print: asks from a tick above, bids from the print
    /// down, ten levels each, sized in steps of the print's quantity.
    public static func book(around print: Print) -> Quote {
        let tick = KRXTickSize.tick(for: print.price, market: .kospi, on: CivilDate(print.time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)).micros
        return Quote(
            time: print.time,
            bids: (1...10).map { Quote.Level(price: Price(micros: print.price.micros - Int64($0 - 1) * tick), quantity: print.quantity * Int64($0)) },
            asks: (1...10).map { Quote.Level(price: Price(micros: print.price.micros + Int64($0) * tick), quantity: print.quantity * Int64($0)) })
    }
}
