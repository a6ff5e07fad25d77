public import Foundation
public import KumoCore
import KumoDART

/// OpenDART as a collector meets it, on loopback: `list.json` searched by company and date range
/// and paged as the guide says (a range over three months without a company is refused; no
/// match is status 013), `company.json`, and the faults a collector must survive — a wrong key
/// (010), the daily quota spent (020 until reset), maintenance (800) and replies that stall past
/// a client's timeout, each on the request numbers the settings name.
public actor DARTSimulator {
    public struct Settings: Sendable {
        /// The `crtfc_key` the simulator accepts.
        public var key = "0123456789abcdef0123456789abcdef01234567"
        /// Requests a key may make before 020; nil for no limit.
        public var dailyLimit: Int?
        /// Request numbers (1-based, counting every request) answered 800.
        public var maintenance: Set<Int> = []
        /// Request numbers that stall `stallSeconds` before answering.
        public var stalls: Set<Int> = []
        public var stallSeconds = 3.0

        public init() {}
    }

    public nonisolated let settings: Settings
    /// Every filing the simulator knows, newest first (the search's default order).
    public nonisolated let disclosures: [Disclosure]
    nonisolated let profiles: [String: [String: String]]
    public private(set) var requests = 0
    private var quotaUsed = 0

    public init(disclosures: [Disclosure], profiles: [String: [String: String]] = [:], settings: Settings = Settings()) {
        self.disclosures = disclosures.sorted { $0.receiptNumber > $1.receiptNumber }
        self.profiles = profiles
        self.settings = settings
    }

    /// A new day for the quota.
    public func resetQuota() { quotaUsed = 0 }

    /// The reply to `endpoint` with `query`: its JSON body and how long to stall first.
    func answer(_ endpoint: String, _ query: [String: String]) -> (body: Data, stall: Double) {
        requests += 1
        let stall = settings.stalls.contains(requests) ? settings.stallSeconds : 0
        guard query["crtfc_key"] == settings.key else { return (Self.status("010", "등록되지 않은 키입니다."), stall) }
        if settings.maintenance.contains(requests) { return (Self.status("800", "시스템 점검으로 인한 서비스가 중지 중입니다."), stall) }
        if let limit = settings.dailyLimit {
            guard quotaUsed < limit else { return (Self.status("020", "요청 제한을 초과하였습니다."), stall) }
            quotaUsed += 1
        }
        switch endpoint {
        case "list.json": return (list(query), stall)
        case "corpCode.xml": return (corpCodes(), stall)
        case "fnlttSinglAcnt.json": return (financials(query), stall)
        case "company.json":
            guard let code = query["corp_code"], let profile = profiles[code] else { return (Self.status("013", "조회된 데이타가 없습니다."), stall) }
            return (Self.json(["status": "000", "message": "정상"].merging(profile) { $1 }), stall)
        default: return (Self.status("101", "부적절한 접근입니다."), stall)
        }
    }

    private func list(_ query: [String: String]) -> Data {
        func valid(_ date: String?) -> Bool { date.map { $0.count == 8 && $0.allSatisfy(\.isNumber) } ?? true }
        guard valid(query["bgn_de"]), valid(query["end_de"]) else { return Self.status("100", "필드의 부적절한 값입니다. (bgn_de, end_de)") }
        let end = query["end_de"] ?? "99991231"
        let begin = query["bgn_de"] ?? end
        let company = query["corp_code"].flatMap { $0.isEmpty ? nil : $0 }
        if company == nil, let b = CivilDate(compact: begin), let e = CivilDate(compact: end), e.daysSince1970 - b.daysSince1970 > 92 {
            return Self.status("100", "필드의 부적절한 값입니다. 회사 고유번호 없이 검색기간은 3개월까지입니다.")
        }
        let pageNumber = Int(query["page_no"] ?? "1") ?? 0, pageCount = Int(query["page_count"] ?? "10") ?? 0
        guard pageNumber >= 1, (1...100).contains(pageCount) else { return Self.status("100", "필드의 부적절한 값입니다. (page_no, page_count)") }
        var found = disclosures.filter { $0.receiptDate >= begin && $0.receiptDate <= end && (company == nil || $0.corpCode == company) }
        if query["sort_mth"] == "asc" { found.reverse() }
        guard !found.isEmpty else { return Self.status("013", "조회된 데이타가 없습니다.") }
        let pages = (found.count + pageCount - 1) / pageCount
        let slice = found.dropFirst((pageNumber - 1) * pageCount).prefix(pageCount)
        let rows: [[String: String]] = slice.map { d in
            [
                "corp_code": d.corpCode, "corp_name": d.corpName, "stock_code": d.stockCode ?? " ", "corp_cls": d.corpClass, "report_nm": d.reportName,
                "rcept_no": d.receiptNumber, "flr_nm": d.filerName, "rcept_dt": d.receiptDate, "rm": d.remarks,
            ]
        }
        return Self.json([
            "status": "000", "message": "정상", "page_no": pageNumber, "page_count": pageCount, "total_count": found.count, "total_page": pages, "list": rows,
        ])
    }

    static func status(_ code: String, _ message: String) -> Data { json(["status": code, "message": message]) }

    /// Years whose statements are filed (a later year answers 013).
    public nonisolated var filedThrough: Int { 2024 }

    /// Restated amounts: (corp, year, report, account) → a factor on the seeded amount.
    private var restatements: [String: Double] = [:]

    /// Restates `account` of a filed report, as a correction (정정) does.
    public func restate(corpCode: String, year: Int, report: String, account: String, by factor: Double) {
        restatements["\(corpCode)/\(year)/\(report)/\(account)"] = factor
    }

    /// `corpCode.xml`: a ZIP of CORPCODE.xml with the corpus' listed companies and two unlisted ones.
    private func corpCodes() -> Data {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<result>\n"
        let entries = Self.companies.map { ($0.0, $0.1, $0.2) } + [("00434003", "다코", " "), ("00430964", "굿앤엘에스", " ")]
        for (code, name, stock) in entries {
            xml += "<list><corp_code>\(code)</corp_code><corp_name>\(name)</corp_name><stock_code>\(stock)</stock_code><modify_date>20240102</modify_date></list>\n"
        }
        xml += "</result>\n"
        return (try? CorpCodeArchive.zip(Data(xml.utf8))) ?? Data()
    }

    /// `fnlttSinglAcnt.json`: seeded key accounts of a corpus company for a filed year and report,
    /// consolidated and separate, amounts written with thousands separators.
    private func financials(_ query: [String: String]) -> Data {
        guard let corp = query["corp_code"], let yearText = query["bsns_year"], let year = Int(yearText), let report = query["reprt_code"] else {
            return Self.status("100", "필드의 부적절한 값입니다.")
        }
        guard year >= 2015, ["11011", "11012", "11013", "11014"].contains(report) else { return Self.status("100", "필드의 부적절한 값입니다.") }
        guard let company = Self.companies.first(where: { $0.0 == corp }), year <= filedThrough else { return Self.status("013", "조회된 데이타가 없습니다.") }
        let accounts = [("BS", "재무상태표", "자산총계"), ("BS", "재무상태표", "부채총계"), ("BS", "재무상태표", "자본총계"), ("IS", "손익계산서", "매출액"), ("IS", "손익계산서", "영업이익"), ("IS", "손익계산서", "당기순이익")]
        var list: [[String: String]] = []
        for (basis, basisName) in [("CFS", "연결재무제표"), ("OFS", "재무제표")] {
            for (order, (statement, statementName, account)) in accounts.enumerated() {
                func amount(_ y: Int) -> String {
                    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                    for byte in "\(corp)/\(y)/\(report)/\(basis)/\(account)".utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
                    let factor = restatements["\(corp)/\(y)/\(report)/\(account)"] ?? 1
                    let value = Int64(Double(1_000_000 + hash % 9_000_000) * 1_000_000 * factor)
                    return Self.separated(account == "영업이익" && hash % 7 == 0 ? -value / 10 : value)
                }
                list.append([
                    "rcept_no": "\(year + 1)0314\(String(format: "%06d", Int(report)! % 1000))", "reprt_code": report, "bsns_year": yearText, "corp_code": corp,
                    "stock_code": company.2, "fs_div": basis, "fs_nm": basisName, "sj_div": statement, "sj_nm": statementName, "account_nm": account,
                    "thstrm_nm": "제 \(year - 1968) 기", "thstrm_dt": "\(year).12.31 현재", "thstrm_amount": amount(year), "frmtrm_nm": "제 \(year - 1969) 기",
                    "frmtrm_dt": "\(year - 1).12.31 현재", "frmtrm_amount": amount(year - 1), "bfefrmtrm_nm": "", "bfefrmtrm_dt": "",
                    "bfefrmtrm_amount": amount(year - 2), "ord": "\(order + 1)", "currency": "KRW",
                ])
            }
        }
        return Self.json(["status": "000", "message": "정상", "list": list])
    }

    /// `1234567` as `1,234,567` (and negatives with a leading minus), as DART writes amounts.
    static func separated(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    /// The corpus' companies: DART code, name, KRX code, class.
    static let companies = [("00126380", "삼성전자", "005930", "Y"), ("00164779", "SK하이닉스", "000660", "Y"), ("00266961", "NAVER", "035420", "Y")]

    static func json(_ object: [String: Any]) -> Data { (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data() }

    /// A seeded corpus of filings by three listed companies over `days` calendar days from
    /// `start`: a few a week each, of every kind a trader reacts to, with DART's report names and
    /// receipt numbers; and their company profiles.
    public static func corpus(start: CivilDate, days: Int, seed: UInt64) -> (disclosures: [Disclosure], profiles: [String: [String: String]]) {
        let companies = Self.companies
        let reports = [
            "주요사항보고서(유상증자결정)", "주요사항보고서(무상증자결정)", "단일판매ㆍ공급계약체결", "주요사항보고서(자기주식취득결정)", "주요사항보고서(자기주식처분결정)",
            "주요사항보고서(전환사채권발행결정)", "현금ㆍ현물배당결정", "연결재무제표기준영업(잠정)실적(공정공시)", "분기보고서", "임원ㆍ주요주주특정증권등소유상황보고서",
            "기타경영사항(자율공시)", "[기재정정]단일판매ㆍ공급계약체결",
        ]
        var random = SplitMix64(seed: seed)
        var disclosures: [Disclosure] = []
        var sequence = 0
        for offset in 0..<days {
            let date = start.adding(days: offset)
            guard !date.isWeekend else { continue }
            for company in companies where random.next() % 100 < 45 {
                sequence += 1
                let compact = date.compact
                let report = reports[Int(random.next() % UInt64(reports.count))]
                disclosures.append(Disclosure(
                    corpCode: company.0, corpName: company.1, stockCode: company.2, corpClass: company.3, reportName: report,
                    receiptNumber: compact + String(format: "%06d", 800_000 + sequence % 200_000), filerName: company.1, receiptDate: compact,
                    remarks: "유"))
            }
        }
        var profiles: [String: [String: String]] = [:]
        for company in companies {
            profiles[company.0] = [
                "corp_code": company.0, "corp_name": company.1, "corp_name_eng": "", "stock_name": company.1, "stock_code": company.2, "ceo_nm": "",
                "corp_cls": company.3, "induty_code": "264", "est_dt": "19690113", "acc_mt": "12", "hm_url": "",
            ]
        }
        return (disclosures, profiles)
    }
}
