/// What a filing announces, read from its report name: the events a trader reacts to
/// (유상증자, 무상증자, 공급계약, 자기주식, 전환사채 …) and the periodic reports; everything
/// else is `other`. Corrections (`[기재정정]`) and withdrawals keep the kind of what they amend.
public enum DisclosureKind: String, Sendable, Hashable, Codable, CaseIterable {
    case rightsOffering = "rights_offering"  // 유상증자
    case bonusIssue = "bonus_issue"  // 무상증자
    case supplyContract = "supply_contract"  // 단일판매ㆍ공급계약
    case buyback  // 자기주식 취득
    case treasurySale = "treasury_sale"  // 자기주식 처분
    case convertibleBond = "convertible_bond"  // 전환사채, 신주인수권부사채, 교환사채
    case dividend  // 현금ㆍ현물배당
    case merger  // 합병, 분할, 영업양수도
    case earnings  // 영업(잠정)실적, 매출액또는손익구조
    case periodicReport = "periodic_report"  // 사업보고서, 반기보고서, 분기보고서
    case ownership  // 주식등의대량보유상황보고서, 임원ㆍ주요주주특정증권등소유상황보고서
    case lawsuit  // 소송
    case delisting  // 상장폐지, 관리종목, 거래정지
    case other

    /// Keywords in the report name, checked in this order (the first match wins).
    static let keywords: [(DisclosureKind, [String])] = [
        (.delisting, ["상장폐지", "관리종목", "매매거래정지", "거래정지"]),
        (.bonusIssue, ["무상증자"]),
        (.rightsOffering, ["유상증자"]),
        (.treasurySale, ["자기주식처분", "자기주식 처분"]),
        (.buyback, ["자기주식취득", "자기주식 취득", "자사주"]),
        (.convertibleBond, ["전환사채", "신주인수권부사채", "교환사채"]),
        (.supplyContract, ["공급계약", "판매ㆍ공급", "판매·공급"]),
        (.dividend, ["배당"]),
        (.merger, ["합병", "분할", "영업양수", "영업양도"]),
        (.earnings, ["영업실적", "잠정실적", "(잠정)실적", "손익구조"]),
        (.periodicReport, ["사업보고서", "반기보고서", "분기보고서"]),
        (.ownership, ["대량보유", "소유상황보고서"]),
        (.lawsuit, ["소송"]),
    ]

    public init(reportName: String) {
        let name = reportName.filter { $0 != " " }
        self = Self.keywords.first { _, words in words.contains { name.contains($0.filter { $0 != " " }) } }?.0 ?? .other
    }
}
