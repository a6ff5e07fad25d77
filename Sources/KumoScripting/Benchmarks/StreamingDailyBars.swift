import Foundation
import KumoCore
import KumoData

/// Daily bars of many random-walk symbols made on the fly in time order, nothing kept: the input
/// of the engine's scaling runs, so their memory is the engine's, not the data's. Codes are
/// `SYN…` (not KRX codes), so the engine trades them without KRX ticks and limits.
struct StreamingDailyBars: Sequence, IteratorProtocol {
    let symbols: [Symbol]
    let days: Int
    private var day = 0
    private var index = 0
    private var closes: [Double]
    private var random: SplitMix64
    private var time: Timestamp

    /// The most days one run spans: nanosecond timestamps from 1700 reach 2262.
    static let maximumDays = 100_000

    /// `bars` bars over at least 100 symbols, more when the days would not fit the timestamp range.
    init(bars: Int, seed: UInt64 = 1) {
        let count = Swift.max(100, (bars + Self.maximumDays - 1) / Self.maximumDays)
        symbols = (0..<count).map { Symbol(String(format: "SYN%04d", $0 + 1))! }
        days = bars / count
        closes = Array(repeating: 10_000, count: count)
        random = SplitMix64(seed: seed)
        time = Timestamp(year: 1700, month: 1, day: 4, hour: 6, minute: 30)!
    }

    /// How many bars the stream yields.
    var count: Int { days * symbols.count }

    mutating func next() -> SymbolBar? {
        guard day < days else { return nil }
        let open = closes[index]
        // A step of up to ±2% a day and an intraday range around open and close, in whole won.
        let step = (Double(random.next() % 4001) - 2000) / 100_000
        let close = Swift.max(100, (open * (1 + step)).rounded())
        let high = Swift.max(open, close) + Double(random.next() % 50)
        let low = Swift.max(1, Swift.min(open, close) - Double(random.next() % 50))
        let bar = Bar(
            time: time, open: Price(units: Int64(open)), high: Price(units: Int64(high)), low: Price(units: Int64(low)),
            close: Price(units: Int64(close)),
            volume: Int64(10_000 + random.next() % 90_000))
        closes[index] = close
        let symbol = symbols[index]
        index += 1
        if index == symbols.count {
            index = 0
            day += 1
            time = Timestamp(nanoseconds: time.nanoseconds + 86_400_000_000_000)
        }
        return SymbolBar(symbol: symbol, bar: bar)
    }
}
