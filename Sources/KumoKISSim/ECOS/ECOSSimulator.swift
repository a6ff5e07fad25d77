public import Foundation
public import KumoCore

/// The Bank of Korea's ECOS Open API as a collector meets it, on loopback: `StatisticSearch`
/// paged by row number (`/StatisticSearch/KEY/json/kr/FIRST/LAST/STAT/CYCLE/FROM/TO/ITEM…`),
/// its result codes in place of data — INFO-100 for a wrong key, INFO-200 for nothing in the
/// range, ERROR-101 for a date not of the cycle's form, ERROR-301 for bad row numbers, ERROR-400
/// for a page larger than it will search, ERROR-500 on the request numbers the settings name,
/// ERROR-602 once the key's quota is spent — and replies that stall. Values can be revised
/// while it serves, as statistics are.
public actor ECOSSimulator {
    public struct Settings: Sendable {
        public var key = "SIMECOSKEY0000000001"
        /// Requests before ERROR-602 (until reset); nil for no limit.
        public var quota: Int?
        /// Rows a request may ask for before ERROR-400 (ECOS's 60-second search limit).
        public var maxRows = 100_000
        /// Request numbers (1-based) answered ERROR-500.
        public var serverErrors: Set<Int> = []
        /// Request numbers that stall `stallSeconds` before answering.
        public var stalls: Set<Int> = []
        public var stallSeconds = 3.0
        public init() {}
    }

    /// One statistic item's rows.
    public struct Series: Sendable {
        public var stat: String
        public var statName: String
        public var item: String
        public var itemName: String
        public var unit: String
        public var frequency: EconFrequency
        /// Values by period, oldest first; a nil value is served as a blank DATA_VALUE.
        public var values: [(period: EconPeriod, value: Double?)]

        public init(stat: String, statName: String, item: String, itemName: String, unit: String, frequency: EconFrequency, values: [(period: EconPeriod, value: Double?)]) {
            (self.stat, self.statName, self.item, self.itemName, self.unit, self.frequency, self.values) = (stat, statName, item, itemName, unit, frequency, values)
        }
    }

    public nonisolated let settings: Settings
    private var series: [String: Series]
    public private(set) var requests = 0
    private var used = 0

    public init(series: [Series], settings: Settings = Settings()) {
        var byKey: [String: Series] = [:]
        for s in series { byKey["\(s.stat)/\(s.frequency.rawValue)/\(s.item)"] = s }
        self.series = byKey
        self.settings = settings
    }

    /// A new day for the quota.
    public func resetQuota() { used = 0 }

    /// Changes the value of `period` in a series, as a revision does.
    public func revise(stat: String, item: String, frequency: EconFrequency, period: String, to value: Double) {
        let key = "\(stat)/\(frequency.rawValue)/\(item)"
        guard let index = series[key]?.values.firstIndex(where: { $0.period.label == period }) else { return }
        series[key]!.values[index].value = value
    }

    /// The reply to a GET of `path` (below the API root): its body and how long to stall first.
    func answer(_ path: String) -> (body: Data, stall: Double) {
        requests += 1
        let stall = settings.stalls.contains(requests) ? settings.stallSeconds : 0
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
        guard parts.count >= 10, parts[0] == "StatisticSearch" else { return (Self.result("ERROR-100", "필수 값이 누락되어 있습니다. 요청인자를 참고 하십시오."), stall) }
        guard parts[1] == settings.key else { return (Self.result("INFO-100", "인증키가 유효하지 않습니다. 인증키를 확인하십시오! 인증키가 없는 경우 인증키를 신청하십시오!"), stall) }
        if let quota = settings.quota {
            guard used < quota else { return (Self.result("ERROR-602", "과도한 OpenAPI호출로 이용이 제한되었습니다. 잠시후 이용해주시기 바랍니다."), stall) }
            used += 1
        }
        if settings.serverErrors.contains(requests) { return (Self.result("ERROR-500", "서버 오류입니다. OpenAPI 호출시 서버에서 오류가 발생하였습니다."), stall) }
        guard parts[2].lowercased() == "json" else { return (Self.result("ERROR-200", "파일타입 값이 누락 혹은 유효하지 않습니다."), stall) }
        guard let first = Int(parts[4]), let last = Int(parts[5]), first >= 1, last >= first else {
            return (Self.result("ERROR-301", "조회건수 값의 타입이 유효하지 않습니다. 조회건수 값을 확인하시기 바랍니다."), stall)
        }
        guard last - first + 1 <= settings.maxRows else {
            return (Self.result("ERROR-400", "검색범위가 적정범위를 초과하여 60초 TIMEOUT이 발생하였습니다. 요청조건 조정하여 다시 요청하시기 바랍니다."), stall)
        }
        guard let frequency = EconFrequency(rawValue: parts[7]) else { return (Self.result("ERROR-101", "주기와 다른 형식의 날짜 형식입니다."), stall) }
        guard let from = EconPeriod(parts[8], frequency: frequency), let to = EconPeriod(parts[9], frequency: frequency) else {
            return (Self.result("ERROR-101", "주기와 다른 형식의 날짜 형식입니다."), stall)
        }
        let item = parts.count > 10 ? parts[10] : "?"
        guard let found = series["\(parts[6])/\(frequency.rawValue)/\(item)"] else { return (Self.result("INFO-200", "해당하는 데이터가 없습니다."), stall) }
        let inRange = found.values.filter { $0.period >= from && $0.period <= to }
        guard !inRange.isEmpty, first <= inRange.count else { return (Self.result("INFO-200", "해당하는 데이터가 없습니다."), stall) }
        let rows = inRange[(first - 1)..<min(last, inRange.count)].map { point -> [String: Any] in
            [
                "STAT_CODE": found.stat, "STAT_NAME": found.statName, "ITEM_CODE1": found.item, "ITEM_NAME1": found.itemName,
                "ITEM_CODE2": NSNull(), "ITEM_NAME2": NSNull(), "ITEM_CODE3": NSNull(), "ITEM_NAME3": NSNull(), "ITEM_CODE4": NSNull(), "ITEM_NAME4": NSNull(),
                "UNIT_NAME": found.unit, "WGT": NSNull(), "TIME": point.period.label, "DATA_VALUE": point.value.map { Self.decimal($0) } ?? "",
            ]
        }
        return (Self.json(["StatisticSearch": ["list_total_count": inRange.count, "row": rows]]), stall)
    }

    static func result(_ code: String, _ message: String) -> Data { json(["RESULT": ["CODE": code, "MESSAGE": message]]) }

    static func json(_ object: [String: Any]) -> Data { (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data() }

    /// A value as ECOS writes it: up to four decimals, no trailing zeros.
    static func decimal(_ value: Double) -> String {
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// Seeded paths of the four key series (`EconSeriesDefinition.standard`'s codes) from `start`
    /// for `days` days: the base rate stepping by 0.25 now and then, USD/KRW and the 3-year KTB
    /// yield as random walks on KRX trading days, and a monthly CPI rising about 0.2% a month.
    public static func keySeries(start: CivilDate, days: Int, seed: UInt64) -> [Series] {
        var random = SplitMix64(seed: seed)
        let calendar = KRXHolidays.calendar
        var rate = 1.5, usd = 1150.0, ktb = 2.0, cpi = 100.0
        var base: [(EconPeriod, Double?)] = [], fx: [(EconPeriod, Double?)] = [], bond: [(EconPeriod, Double?)] = [], prices: [(EconPeriod, Double?)] = []
        var day = start
        for _ in 0..<days {
            defer { day = day.adding(days: 1) }
            if day.day == 1 {
                let month = EconPeriod(containing: day.adding(days: -1), frequency: .monthly)
                if month.start >= EconPeriod(containing: start, frequency: .monthly).start {
                    cpi *= 1 + 0.002 + 0.003 * (Double.random(in: -1...1, using: &random))
                    prices.append((month, (cpi * 100).rounded() / 100))
                }
            }
            guard calendar.isTradingDay(day) else { continue }
            if Double.random(in: 0..<1, using: &random) < 0.01 { rate = max(0.5, rate + (Bool.random(using: &random) ? 0.25 : -0.25)) }
            usd = (usd * (1 + 0.005 * Double.random(in: -1...1, using: &random)) * 10).rounded() / 10
            ktb = max(0.5, ((ktb + 0.02 * Double.random(in: -1...1, using: &random)) * 1000).rounded() / 1000)
            let period = EconPeriod(containing: day, frequency: .daily)
            base.append((period, rate))
            fx.append((period, usd))
            bond.append((period, ktb))
        }
        return [
            Series(stat: "722Y001", statName: "1.3.1. 한국은행 기준금리 및 여수신금리", item: "0101000", itemName: "한국은행 기준금리", unit: "연%", frequency: .daily, values: base),
            Series(stat: "731Y001", statName: "3.1.1.1. 주요국 통화의 대원화환율", item: "0000001", itemName: "원/미국달러(매매기준율)", unit: "원", frequency: .daily, values: fx),
            Series(stat: "901Y009", statName: "4.2.1. 소비자물가지수", item: "0", itemName: "총지수", unit: "2020=100", frequency: .monthly, values: prices),
            Series(stat: "817Y002", statName: "1.3.2.1. 시장금리(일별)", item: "010200000", itemName: "국고채(3년)", unit: "연%", frequency: .daily, values: bond),
        ]
    }
}
