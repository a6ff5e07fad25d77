public import Foundation
public import KumoCore

/// What an economic series is, where it comes from and when its values become public: an ECOS
/// statistic and item, or any CSV or JSON document over HTTP(S) with a period and a value column.
public struct EconSeriesDefinition: Sendable, Hashable {
    public enum Source: Sendable, Hashable {
        /// ECOS `StatisticSearch` of statistic `stat` (`722Y001`) and item codes (`0101000`).
        case ecos(stat: String, items: [String])
        /// A CSV document with a header; the period in `dateColumn`, the value in `valueColumn`.
        case csv(url: URL, dateColumn: String, valueColumn: String)
        /// A JSON document whose rows are the array at `rowsPath` (dotted; empty: the document).
        case json(url: URL, rowsPath: String, dateField: String, valueField: String)
    }

    /// The name strategies ask for (`ctx:econ("cpi")`): lower case, digits and `_`.
    public var name: String
    public var title: String
    public var unit: String
    public var frequency: EconFrequency
    public var source: Source
    public var release: ReleaseSchedule
    /// The first period collected into an empty store.
    public var since: CivilDate

    public init(name: String, title: String, unit: String, frequency: EconFrequency, source: Source, release: ReleaseSchedule, since: CivilDate) {
        self.name = name
        self.title = title
        self.unit = unit
        self.frequency = frequency
        self.source = source
        self.release = release
        self.since = since
    }

    /// Whether `name` can name a series: 1–40 of a–z, 0–9 and `_`, starting with a letter.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first), name.unicodeScalars.count <= 40 else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// The Bank of Korea's key series, from ECOS's published statistic codes. Daily rates are
    /// taken as known at 18:00 KST of their day (the base rate is announced in the morning of a
    /// Monetary Policy Committee day; the USD/KRW trading-base rate is set before the day's
    /// trading); Statistics Korea publishes the CPI at 08:00 within the first trading days of the
    /// next month, so it is taken as known at 08:00 on the fifth, no earlier than any release.
    public static let standard: [EconSeriesDefinition] = {
        let start = CivilDate(year: 2010, month: 1, day: 1)!
        let evening = ReleaseSchedule(rule: .periodEnd, hour: 18)
        return [
            EconSeriesDefinition(
                name: "base_rate", title: "한국은행 기준금리 (Bank of Korea base rate)", unit: "% p.a.", frequency: .daily,
                source: .ecos(stat: "722Y001", items: ["0101000"]), release: evening, since: start),
            EconSeriesDefinition(
                name: "usd_krw", title: "원/미국달러 매매기준율 (USD/KRW trading-base rate)", unit: "KRW per USD", frequency: .daily,
                source: .ecos(stat: "731Y001", items: ["0000001"]), release: evening, since: start),
            EconSeriesDefinition(
                name: "cpi", title: "소비자물가지수 총지수 (consumer price index, all items, 2020=100)", unit: "2020=100", frequency: .monthly,
                source: .ecos(stat: "901Y009", items: ["0"]), release: ReleaseSchedule(rule: .tradingDaysAfter(5), hour: 8), since: start),
            EconSeriesDefinition(
                name: "ktb_3y", title: "국고채 3년 수익률 (3-year Korea Treasury Bond yield)", unit: "% p.a.", frequency: .daily,
                source: .ecos(stat: "817Y002", items: ["010200000"]), release: evening, since: start),
        ]
    }()
}
