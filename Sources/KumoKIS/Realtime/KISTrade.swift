public import KumoCore

/// A trade print of `H0STCNT0` (실시간체결가), the fields a trading host reads; all 47 stay in ``record``.
public struct KISTrade: Sendable, Equatable {
    public let record: KISRecord
    public let symbol: String
    public let time: Timestamp
    public let price: Price
    /// This print's quantity (`CNTG_VOL`).
    public let quantity: Int64
    /// The day's volume so far (`ACML_VOL`).
    public let cumulativeVolume: Int64
    public let bestAsk: Price?
    public let bestBid: Price?
    /// Who took liquidity (`CCLD_DVSN` 1 buy, 5 sell; 3 is the pre-open auction).
    public let aggressor: Tick.Side?
    /// `MARKET_CLS_CODE`: 1 pre-market, 2 regular, 3 after-market, 5 closing; empty in the 46-field layout.
    public let marketClass: String

    /// - Throws: ``KISDecodingError`` naming the field that is not a number, date or time.
    public init(_ record: KISRecord) throws(KISDecodingError) {
        self.record = record
        symbol = record["MKSC_SHRN_ISCD"]
        time = try KISTime.instant(date: record["BSOP_DATE"], time: record["STCK_CNTG_HOUR"], what: "H0STCNT0 \(symbol)")
        price = try KISNumber.price(record["STCK_PRPR"], "H0STCNT0.STCK_PRPR")
        quantity = try KISNumber.integer(record["CNTG_VOL"], "H0STCNT0.CNTG_VOL")
        cumulativeVolume = try KISNumber.integer(record["ACML_VOL"], "H0STCNT0.ACML_VOL")
        bestAsk = Price(parsing: record["ASKP1"]).flatMap { $0.micros > 0 ? $0 : nil }
        bestBid = Price(parsing: record["BIDP1"]).flatMap { $0.micros > 0 ? $0 : nil }
        aggressor = switch record["CCLD_DVSN"] {
        case "1": .buy
        case "5": .sell
        default: nil
        }
        marketClass = record["MARKET_CLS_CODE"]
    }

    /// The print as the engine's tick.
    public var tick: Tick { Tick(time: time, price: price, quantity: quantity, side: aggressor) }
}

/// The 10-level book of `H0STASP0` (실시간호가).
public struct KISOrderBook: Sendable, Equatable {
    public let record: KISRecord
    public let symbol: String
    /// The book's time of day (`BSOP_HOUR`, HHMMSS in KST); the frame carries no date.
    public let timeOfDay: String
    public let asks: [Quote.Level]
    public let bids: [Quote.Level]

    /// - Throws: ``KISDecodingError`` naming the level that is not a number.
    public init(_ record: KISRecord) throws(KISDecodingError) {
        self.record = record
        symbol = record["MKSC_SHRN_ISCD"]
        timeOfDay = record["BSOP_HOUR"]
        func levels(_ side: String) throws(KISDecodingError) -> [Quote.Level] {
            var out: [Quote.Level] = []
            for level in 1...10 {
                let price = try KISNumber.price(record["\(side)P\(level)"], "H0STASP0.\(side)P\(level)")
                let quantity = try KISNumber.integer(record["\(side)P_RSQN\(level)"], "H0STASP0.\(side)P_RSQN\(level)")
                if price.micros > 0 { out.append(Quote.Level(price: price, quantity: quantity)) }
            }
            return out
        }
        asks = try levels("ASK")
        bids = try levels("BID")
    }

    /// The book as the engine's quote on `day`'s date (KST).
    public func quote(on day: CivilDate) throws(KISDecodingError) -> Quote {
        let date = String(day.year).leftPadded(to: 4) + String(day.month).leftPadded(to: 2) + String(day.day).leftPadded(to: 2)
        return Quote(time: try KISTime.instant(date: date, time: timeOfDay, what: "H0STASP0 \(symbol)"), bids: bids, asks: asks)
    }
}
