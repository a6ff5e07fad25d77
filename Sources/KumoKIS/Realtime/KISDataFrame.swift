/// A real-time data frame: `<encrypted 0|1>|<tr_id>|<count, 3 digits>|<payload>`, the payload `^`-separated
/// with several records back to back and no separator between them.
public struct KISDataFrame: Sendable, Equatable {
    public let trID: String
    public let isEncrypted: Bool
    public let records: [KISRecord]

    public init(trID: String, isEncrypted: Bool, records: [KISRecord]) {
        self.trID = trID
        self.isEncrypted = isEncrypted
        self.records = records
    }

    /// The field layouts a TR may arrive in, widest first: H0STCNT0 has 47 fields since 2026-09-14 and
    /// 46 before; H0STASP0 59 (60 if KIS appends `MARKET_CLS_CODE` there too); notices 26.
    public static func layouts(of trID: String) -> [[String]]? {
        switch trID {
        case "H0STCNT0", "H0NXCNT0", "H0UNCNT0": [KISFieldList.trade, Array(KISFieldList.trade.dropLast())]
        case "H0STASP0", "H0NXASP0", "H0UNASP0": [KISFieldList.orderBook + ["MARKET_CLS_CODE"], KISFieldList.orderBook]
        case "H0STCNI0", "H0STCNI9": [KISFieldList.executionNotice]
        default: nil
        }
    }

    /// Parses a data frame; an encrypted one is decrypted with `cipher` first.
    /// - Throws: ``KISDecodingError`` naming the TR and what is wrong: too few parts, a count that is
    ///   not three digits, a width that is no layout of the TR, or no key for an encrypted TR.
    public static func parse(_ text: String, cipher: (String) -> KISCipher?) throws(KISDecodingError) -> KISDataFrame {
        let parts = text.split(separator: "|", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "0" || parts[0] == "1" else {
            throw KISDecodingError("frame '\(text.prefix(40))': expected <0|1>|<tr_id>|<count>|<payload>")
        }
        let trID = String(parts[1])
        guard parts[2].count == 3, let count = Int(parts[2]), count > 0 else {
            throw KISDecodingError("\(trID) frame: record count '\(parts[2])' is not three digits above 000")
        }
        let isEncrypted = parts[0] == "1"
        var payload = String(parts[3])
        if isEncrypted {
            guard let key = cipher(trID) else { throw KISDecodingError("\(trID) frame is encrypted but no subscription reply gave its key") }
            do throws(KISDecodingError) { payload = try key.decrypt(payload) } catch { throw KISDecodingError("\(trID) frame: \(error.description)") }
        }
        let values = payload.split(separator: "^", omittingEmptySubsequences: false).map(String.init)
        guard let layouts = layouts(of: trID) else {
            throw KISDecodingError("\(trID) frame: not a TR this client reads")
        }
        guard values.count % count == 0, let names = layouts.first(where: { $0.count == values.count / count }) else {
            let widths = layouts.map { String($0.count) }.joined(separator: " or ")
            throw KISDecodingError("\(trID) frame: \(values.count) fields for \(count) record(s); a record has \(widths)")
        }
        let width = names.count
        let records = (0..<count).map { KISRecord(names: names, values: Array(values[($0 * width)..<(($0 + 1) * width)])) }
        return KISDataFrame(trID: trID, isEncrypted: isEncrypted, records: records)
    }

    /// The frame's text (the simulator's side): records joined with `^`, encrypted with `cipher` when given.
    public static func format(trID: String, records: [[String]], cipher: KISCipher? = nil) -> String {
        let payload = records.map { $0.joined(separator: "^") }.joined(separator: "^")
        let count = String(records.count).leftPadded(to: 3)
        if let cipher { return "1|\(trID)|\(count)|\(cipher.encrypt(payload))" }
        return "0|\(trID)|\(count)|\(payload)"
    }
}

extension String {
    /// The string with leading zeros up to `width` characters (KIS's fixed-width numbers).
    public func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
