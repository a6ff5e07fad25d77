public import KumoCore

/// The real-time items Kumo reads, as values: a trade print (`0B`), a book (`0D`) and an order
/// notice (`00`). Times are HHMMSS in KST on the day the caller names (Kiwoom sends no date).
public enum KiwoomEvents {
    /// `0B`: 20 time, 10 price, 15 quantity (+ a buyer's aggression, − a seller's).
    public static func trade(_ item: KiwoomRealtime.Item, on day: CivilDate) throws(KiwoomDecodingError) -> (symbol: String, tick: Tick) {
        guard let price = KiwoomNumber.price(item.values["10"] ?? ""), let quantity = KiwoomNumber.integer(item.values["15"] ?? ""), quantity > 0 else {
            throw KiwoomDecodingError("0B \(item.item): price '\(item.values["10"] ?? "")' or quantity '\(item.values["15"] ?? "")' is not a number")
        }
        let time = try instant(item.values["20"] ?? "", on: day, what: "0B \(item.item) field 20")
        let side: Tick.Side? = item.values["15"]?.first == "-" ? .sell : item.values["15"]?.first == "+" ? .buy : nil
        return (KiwoomNumber.code(item.item), Tick(time: time, price: price, quantity: quantity, side: side))
    }

    /// `0D`: 21 time, asks 41…50 with sizes 61…70, bids 51…60 with sizes 71…80.
    public static func book(_ item: KiwoomRealtime.Item, on day: CivilDate) throws(KiwoomDecodingError) -> (symbol: String, quote: Quote) {
        func levels(prices: Int, sizes: Int) -> [Quote.Level] {
            (0..<10).compactMap { index in
                guard let price = KiwoomNumber.price(item.values[String(prices + index)] ?? ""), price.micros > 0,
                    let size = KiwoomNumber.integer(item.values[String(sizes + index)] ?? "")
                else { return nil }
                return Quote.Level(price: price, quantity: size)
            }
        }
        let time = try instant(item.values["21"] ?? "", on: day, what: "0D \(item.item) field 21")
        return (KiwoomNumber.code(item.item), Quote(time: time, bids: levels(prices: 51, sizes: 71), asks: levels(prices: 41, sizes: 61)))
    }

    /// `00`: an order accepted, amended, cancelled, refused or filled.
    public struct OrderNotice: Sendable, Equatable {
        public enum Kind: String, Sendable { case accepted, filled, confirmed, cancelled, refused }
        public var kind: Kind
        /// 9203 and 904.
        public var orderNumber: String
        public var originalOrderNumber: String
        public var symbol: String
        public var isBuy: Bool
        /// 911 and 910 for a fill.
        public var fillQuantity: Int64
        public var fillPrice: Price
        /// 909: the fill's own number, unique per fill (a duplicate notice repeats it).
        public var fillNumber: String
        public var time: String
        /// 2134: 1 KRX, 2 NXT.
        public var venue: TradingVenue?
    }

    public static func order(_ item: KiwoomRealtime.Item) throws(KiwoomDecodingError) -> OrderNotice {
        let values = item.values
        guard let number = values["9203"], !number.isEmpty else { throw KiwoomDecodingError("00: 9203 (order number) is empty") }
        let kind: OrderNotice.Kind
        switch values["913"] ?? "" {
        case "접수": kind = .accepted
        case "체결": kind = .filled
        case "확인": kind = values["905"]?.contains("취소") == true ? .cancelled : .confirmed
        case "거부": kind = .refused
        case let other: throw KiwoomDecodingError("00 \(number): 913 (order state) '\(other)' is not 접수, 체결, 확인 or 거부")
        }
        let isBuy: Bool
        switch values["907"] ?? "" {
        case "2": isBuy = true
        case "1": isBuy = false
        case let other: throw KiwoomDecodingError("00 \(number): 907 (side) '\(other)' is not 1 or 2")
        }
        var quantity: Int64 = 0, price = Price(micros: 0)
        if kind == .filled {
            guard let filled = KiwoomNumber.integer(values["911"] ?? ""), let at = KiwoomNumber.price(values["910"] ?? "") else {
                throw KiwoomDecodingError("00 \(number): a fill without 911 (quantity) or 910 (price)")
            }
            (quantity, price) = (filled, at)
        }
        let venue: TradingVenue? = switch values["2134"] { case "1"?: .krx; case "2"?: .nxt; default: nil }
        return OrderNotice(
            kind: kind, orderNumber: number, originalOrderNumber: values["904"] ?? "", symbol: KiwoomNumber.code(values["9001"] ?? item.item), isBuy: isBuy,
            fillQuantity: quantity, fillPrice: price, fillNumber: values["909"] ?? "", time: values["908"] ?? "", venue: venue)
    }

    /// `HHMMSS` on `day`, KST.
    public static func instant(_ text: String, on day: CivilDate, what: String) throws(KiwoomDecodingError) -> Timestamp {
        let digits = text.filter(\.isNumber)
        guard digits.count == 6, let value = Int(digits), value / 10_000 < 24, value / 100 % 100 < 60, value % 100 < 60,
            let time = Timestamp(year: day.year, month: day.month, day: day.day, hour: value / 10_000, minute: value / 100 % 100, second: value % 100, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        else { throw KiwoomDecodingError("\(what): '\(text)' is not HHMMSS") }
        return time
    }

    /// `YYYYMMDD` of a day (`ord_dt`), and of an instant's day in Korea.
    public static func dateText(_ day: CivilDate) -> String {
        String(day.year) + [day.month, day.day].map { $0 < 10 ? "0\($0)" : "\($0)" }.joined()
    }

    public static func dateText(_ time: Timestamp) -> String { dateText(CivilDate(time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)) }

    /// `HH:MM:SS` of an instant, KST (`ord_tm`).
    public static func clockText(_ time: Timestamp) -> String {
        let text = timeOfDay(time)
        return "\(text.prefix(2)):\(text.dropFirst(2).prefix(2)):\(text.suffix(2))"
    }

    /// `HHMMSS` of an instant, KST.
    public static func timeOfDay(_ time: Timestamp) -> String {
        let civil = time.civil(utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
        return [civil.hour, civil.minute, civil.second].map { $0 < 10 ? "0\($0)" : "\($0)" }.joined()
    }
}
