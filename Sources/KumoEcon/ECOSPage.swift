public import Foundation
public import KumoCore

/// One page of ECOS `StatisticSearch`: the rows of one statistic's item in a range of periods,
/// and how many rows the whole range holds (`list_total_count`), for paging by row number.
public struct ECOSPage: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        public var statCode: String
        public var statName: String
        public var itemCode: String
        public var itemName: String
        public var unit: String
        public var period: EconPeriod
        /// Nil where ECOS gives no number (a blank or `-`).
        public var value: Double?
    }

    public var total: Int
    public var rows: [Row]

    public init(total: Int, rows: [Row]) {
        self.total = total
        self.rows = rows
    }

    /// Reads a reply of `StatisticSearch` for periods of `frequency`. INFO-200 is an empty page;
    /// any other result code is an `EconWireError` carrying it (ECOS sometimes answers an error in
    /// XML even when JSON was asked for; that is read too).
    public static func parse(_ data: Data, frequency: EconFrequency) throws(EconWireError) -> ECOSPage {
        let source = "StatisticSearch"
        if let status = xmlStatus(data) {
            if status.meaning == .noData { return ECOSPage(total: 0, rows: []) }
            throw EconWireError(source: source, status: status, "")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw EconWireError(source: source, "the reply is not a JSON object: \(String(decoding: data.prefix(120), as: UTF8.self))")
        }
        if let result = object["RESULT"] as? [String: Any] {
            let status = ECOSStatus(code: result["CODE"] as? String ?? "", message: result["MESSAGE"] as? String ?? "")
            if status.meaning == .noData { return ECOSPage(total: 0, rows: []) }
            throw EconWireError(source: source, status: status, "")
        }
        guard let search = object["StatisticSearch"] as? [String: Any] else {
            throw EconWireError(source: source, "neither StatisticSearch nor RESULT in the reply")
        }
        guard let total = (search["list_total_count"] as? NSNumber)?.intValue ?? (search["list_total_count"] as? String).flatMap({ Int($0) }) else {
            throw EconWireError(source: source, "list_total_count is missing")
        }
        let raw = search["row"] as? [[String: Any]] ?? []
        var rows: [Row] = []
        rows.reserveCapacity(raw.count)
        for (index, row) in raw.enumerated() {
            func text(_ key: String) -> String { row[key] as? String ?? "" }
            guard let period = EconPeriod(text("TIME"), frequency: frequency) else {
                throw EconWireError(source: source, "row \(index + 1): TIME '\(text("TIME"))' is not a period of cycle \(frequency.rawValue)")
            }
            let cleaned = text("DATA_VALUE").replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)
            let value: Double?
            if cleaned.isEmpty || cleaned == "-" {
                value = nil
            } else if let number = Double(cleaned), number.isFinite {
                value = number
            } else {
                throw EconWireError(source: source, "row \(index + 1) (\(period.label)): DATA_VALUE '\(text("DATA_VALUE"))' is not a number")
            }
            rows.append(
                Row(
                    statCode: text("STAT_CODE"), statName: text("STAT_NAME"), itemCode: text("ITEM_CODE1"), itemName: text("ITEM_NAME1"), unit: text("UNIT_NAME"),
                    period: period, value: value))
        }
        return ECOSPage(total: total, rows: rows)
    }

    /// The result code of an XML error reply (`<RESULT><CODE>…</CODE><MESSAGE>…</MESSAGE></RESULT>`).
    static func xmlStatus(_ data: Data) -> ECOSStatus? {
        let text = String(decoding: data.prefix(2048), as: UTF8.self)
        guard text.drop(while: \.isWhitespace).hasPrefix("<") else { return nil }
        func element(_ name: String) -> String? {
            guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex) else { return nil }
            return String(text[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let code = element("CODE") else { return nil }
        return ECOSStatus(code: code, message: element("MESSAGE") ?? "")
    }

    /// The path of a `StatisticSearch` request under the API's root, rows `first…last` (1-based).
    public static func path(key: String, stat: String, frequency: EconFrequency, from: EconPeriod, to: EconPeriod, items: [String], first: Int, last: Int) -> String {
        // The key and codes are escaped; the unused item slots stay ECOS's literal "?".
        func escaped(_ text: String) -> String {
            var allowed = CharacterSet.urlPathAllowed
            allowed.remove(charactersIn: "/?")
            return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
        }
        let codes = (items.map(escaped) + Array(repeating: "?", count: max(0, 4 - items.count))).prefix(4)
        return (["StatisticSearch", escaped(key), "json", "kr", "\(first)", "\(last)", escaped(stat), frequency.rawValue, from.label, to.label] + codes)
            .joined(separator: "/")
    }
}
