public import KumoCore

/// `inquire-price` `output`: the stock's price now and the day's rules.
public struct KISCurrentPrice: Sendable, Hashable {
    public let last: Price
    public let open: Price
    public let high: Price
    public let low: Price
    /// `stck_sdpr`: the base price the day's limits come from (normally yesterday's close).
    public let base: Price
    /// `stck_mxpr` and `stck_llam`: the day's upper and lower limits.
    public let upperLimit: Price
    public let lowerLimit: Price
    /// `aspr_unit`: the tick at the current price.
    public let tick: Price
    public let volume: Int64
    /// `temp_stop_yn` Y: trading halted.
    public let isHalted: Bool

    public init(reply: KISJSON) throws(KISDecodingError) {
        guard let output = reply["output"] else { throw KISDecodingError("inquire-price: no output") }
        func price(_ name: String) throws(KISDecodingError) -> Price { try KISNumber.price(output[name]?.text ?? "", "inquire-price.\(name)") }
        last = try price("stck_prpr")
        open = try price("stck_oprc")
        high = try price("stck_hgpr")
        low = try price("stck_lwpr")
        base = try price("stck_sdpr")
        upperLimit = try price("stck_mxpr")
        lowerLimit = try price("stck_llam")
        tick = try price("aspr_unit")
        volume = try KISNumber.integer(output["acml_vol"]?.text ?? "", "inquire-price.acml_vol")
        isHalted = output["temp_stop_yn"]?.text == "Y"
    }
}

/// A bar of the chart TRs' `output2` (daily: `stck_clpr`; minutes: `stck_prpr` is the close and `cntg_vol` the volume).
public enum KISChart {
    /// The bars of a daily or minute chart reply, oldest first (KIS sends newest first).
    /// - Throws: ``KISDecodingError`` naming the row and field that is wrong.
    public static func bars(_ reply: KISJSON) throws(KISDecodingError) -> [Bar] {
        var bars: [Bar] = []
        for (index, row) in (reply["output2"]?.elements ?? []).enumerated() {
            let what = "chart output2[\(index)]"
            func price(_ name: String) throws(KISDecodingError) -> Price { try KISNumber.price(row[name]?.text ?? "", "\(what).\(name)") }
            let date = row["stck_bsop_date"]?.text ?? ""
            if date.isEmpty { continue }  // KIS pads short pages with empty rows
            let minute = row["stck_cntg_hour"]?.text
            let time = try KISTime.instant(date: date, time: minute ?? "000000", what: what)
            let close = minute == nil ? try price("stck_clpr") : try price("stck_prpr")
            let volume = try KISNumber.integer(row[minute == nil ? "acml_vol" : "cntg_vol"]?.text ?? "", "\(what).volume")
            bars.append(Bar(time: time, open: try price("stck_oprc"), high: try price("stck_hgpr"), low: try price("stck_lwpr"), close: close, volume: volume))
        }
        return bars.reversed()
    }
}

/// A day of `chk-holiday` `output`.
public struct KISMarketDay: Sendable, Hashable {
    public let date: CivilDate
    /// `opnd_yn`: the market opens (orders can be placed).
    public let isOpen: Bool
    /// `bzdy_yn`, `tr_day_yn`, `sttl_day_yn`.
    public let isBusinessDay: Bool
    public let isTradingDay: Bool
    public let isSettlementDay: Bool

    public init(row: KISJSON) throws(KISDecodingError) {
        let text = row["bass_dt"]?.text ?? ""
        guard text.count == 8, let date = CivilDate(parsing: "\(text.prefix(4))-\(text.dropFirst(4).prefix(2))-\(text.suffix(2))") else {
            throw KISDecodingError("chk-holiday output: bass_dt '\(text)' is not YYYYMMDD")
        }
        self.date = date
        isOpen = row["opnd_yn"]?.text == "Y"
        isBusinessDay = row["bzdy_yn"]?.text == "Y"
        isTradingDay = row["tr_day_yn"]?.text == "Y"
        isSettlementDay = row["sttl_day_yn"]?.text == "Y"
    }
}
