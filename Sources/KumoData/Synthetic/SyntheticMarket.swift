import Foundation
public import KumoCore

/// A deterministic synthetic KRX market, the sample data a fresh machine has without any
/// download: regime switching (bull, bear, sideways), GARCH(1,1) volatility clustering, jumps,
/// the ±30% daily limit, KRX tick rounding, volume that rises with volatility, and, for minute
/// bars, the intraday U-shaped volume of the 09:00–15:30 session. Same seed, same bars.
public struct SyntheticMarket: Sendable {
    public var seed: UInt64
    public var symbols: Int
    public var days: Int
    public var start: CivilDate
    public var calendar: any TradingCalendar

    public init(seed: UInt64, symbols: Int, days: Int, start: CivilDate = CivilDate(year: 2024, month: 1, day: 2)!,
                calendar: any TradingCalendar = WeekdayCalendar()) {
        precondition(symbols >= 1 && symbols <= 9999, "Generate 1 to 9999 symbols, not \(symbols)")
        precondition(days >= 1, "Generate at least one day, not \(days)")
        self.seed = seed
        self.symbols = symbols
        self.days = days
        self.start = start
        self.calendar = calendar
    }

    /// The symbol codes: SYN0001, SYN0002, …
    public var symbolCodes: [Symbol] { (1...symbols).map { Symbol(String(format: "SYN%04d", $0))! } }

    /// The trading days generated: `days` of them from `start` on.
    public var tradingDays: [CivilDate] {
        (calendar.isTradingDay(start) ? [start] : []) + calendar.tradingDays(after: start, count: days - (calendar.isTradingDay(start) ? 1 : 0))
    }

    /// Daily bars of every symbol.
    public func dailyBars() -> [(symbol: Symbol, bars: [Bar])] {
        zip(symbolCodes, symbolCodes.indices).map { symbol, index in
            var path = PricePath(seed: seed &+ UInt64(index) &* 0x9E37_79B9, index: index)
            return (symbol, tradingDays.map { path.day($0) })
        }
    }

    /// One-minute bars of every symbol: 09:00–15:19 continuous, plus the 15:30 closing auction.
    public func minuteBars() -> [(symbol: Symbol, bars: [Bar])] {
        zip(symbolCodes, symbolCodes.indices).map { symbol, index in
            var path = PricePath(seed: seed &+ UInt64(index) &* 0x9E37_79B9, index: index)
            return (symbol, tradingDays.flatMap { path.minutes($0) })
        }
    }
}

/// One symbol's price process.
struct PricePath {
    var random: SplitMix64
    var close: Double
    var variance: Double
    var regime = 0  // 0 sideways, 1 bull, 2 bear
    let baseVolume: Double

    static let drift = [0.0, 0.0008, -0.0008]
    static let omega = 0.000_006, alpha = 0.08, beta = 0.9  // long-run daily volatility ≈ 1.7%

    init(seed: UInt64, index: Int) {
        random = SplitMix64(seed: seed)
        let start = 5_000 * pow10(Double(random.next() % 1000) / 1000 * 1.6)  // 5,000 … ~200,000 won
        close = start
        variance = Self.omega / (1 - Self.alpha - Self.beta)
        baseVolume = 100_000 * (1 + Double(random.next() % 50))
    }

    mutating func uniform() -> Double { (Double(random.next() >> 11) + 0.5) / Double(1 << 53) }

    mutating func normal() -> Double {
        let u1 = uniform(), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    /// The day's return, volatility-clustered, regime-drifted, sometimes jumping, within the limit.
    mutating func dailyReturn() -> Double {
        if uniform() < 0.02 { regime = Int(random.next() % 3) }
        let shock = variance.squareRoot() * normal()
        var move = Self.drift[regime] + shock
        if uniform() < 0.01 { move += normal() * 0.05 }
        variance = Self.omega + Self.alpha * shock * shock + Self.beta * variance
        return min(max(move, -0.29), 0.29)
    }

    static func tick(_ price: Double, _ date: CivilDate) -> Price {
        KRXTickSize.round(Price(micros: Int64(max(price, 1) * 1e6)), .nearest, on: date)
    }

    mutating func day(_ date: CivilDate) -> Bar {
        let previous = close
        let move = dailyReturn()
        let open = previous * (1 + normal() * variance.squareRoot() * 0.2)
        close = previous * (1 + move)
        let spread = variance.squareRoot()
        let high = max(open, close) * (1 + abs(normal()) * spread * 0.5)
        let low = min(open, close) * (1 - abs(normal()) * spread * 0.5)
        let (lower, upper) = KRXPriceLimits.limits(base: Self.tick(previous, date), on: date)
        func clamp(_ price: Double) -> Price { min(max(Self.tick(price, date), lower), upper) }
        let closePrice = clamp(close)
        close = closePrice.doubleValue
        let volume = Int64(baseVolume * (0.5 + uniform()) * (1 + abs(move) * 30))
        let time = Timestamp(year: date.year, month: date.month, day: date.day, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)!
        let openPrice = clamp(open)
        return Bar(time: time, open: openPrice, high: max(clamp(high), openPrice, closePrice), low: min(clamp(low), openPrice, closePrice),
                   close: closePrice, volume: volume)
    }

    /// 380 continuous minutes (09:00–15:19) and the 15:30 closing auction, with a U-shaped volume.
    mutating func minutes(_ date: CivilDate) -> [Bar] {
        let daily = day(date)
        let open = daily.open.doubleValue, target = daily.close.doubleValue
        let count = 381
        let minuteVolatility = variance.squareRoot() / Double(count).squareRoot()
        var steps = (0..<count).map { _ in normal() * minuteVolatility }
        let drift = (log(target / open) - steps.reduce(0, +)) / Double(count)  // a bridge from open to close
        steps = steps.map { $0 + drift }
        var price = open
        var bars: [Bar] = []
        let (lower, upper) = KRXPriceLimits.limits(base: PricePath.tick(open, date), on: date)
        func clamp(_ value: Double) -> Price { min(max(PricePath.tick(value, date), lower), upper) }
        for (minute, step) in steps.enumerated() {
            let start = price
            price *= exp(step)
            let wiggle = abs(normal()) * minuteVolatility * 0.5
            let o = clamp(start), c = minute == count - 1 ? daily.close : clamp(price)
            let h = max(clamp(max(start, price) * (1 + wiggle)), o, c)
            let l = min(clamp(min(start, price) * (1 - wiggle)), o, c)
            let position = Double(minute) / Double(count - 1) * 2 - 1  // -1 at the open, +1 at the close
            let smile = 0.4 + 2.4 * position * position
            let volume = Int64(Double(daily.volume) / Double(count) * smile * (0.6 + 0.8 * uniform()))
            let clock = minute == count - 1 ? 15 * 60 + 30 : 9 * 60 + minute
            let time = Timestamp(year: date.year, month: date.month, day: date.day, hour: clock / 60, minute: clock % 60,
                                 utcOffsetSeconds: KRXSessions.utcOffsetSeconds)!
            bars.append(Bar(time: time, open: o, high: h, low: l, close: c, volume: volume))
        }
        return bars
    }
}

func pow10(_ x: Double) -> Double { exp(x * log(10)) }
