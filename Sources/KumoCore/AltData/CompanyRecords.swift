/// One entry of `CORPCODE.xml` (고유번호): DART's eight-digit company code, the name, the KRX code
/// of a listed company (blank for the ~80% that are not), and when the entry last changed. It is
/// what links a filing's `corp_code` to a tradable symbol.
public struct CorpCode: Sendable, Hashable, Codable {
    public var corpCode: String
    public var name: String
    public var stockCode: String?
    /// YYYYMMDD.
    public var modified: String

    public init(corpCode: String, name: String, stockCode: String?, modified: String) {
        self.corpCode = corpCode
        self.name = name
        self.stockCode = stockCode
        self.modified = modified
    }
}

/// `company.json` (기업개황): a company's names, codes, chief executive, class, industry and
/// fiscal year end.
public struct CompanyProfile: Sendable, Hashable, Codable {
    public var corpCode: String
    public var name: String
    public var englishName: String
    public var stockName: String
    public var stockCode: String?
    public var ceo: String
    public var corpClass: String
    public var industryCode: String
    /// Founded, YYYYMMDD.
    public var established: String
    /// The month the fiscal year ends ("12").
    public var fiscalMonth: String
    public var homepage: String

    public init(
        corpCode: String, name: String, englishName: String, stockName: String, stockCode: String?, ceo: String, corpClass: String, industryCode: String,
        established: String, fiscalMonth: String, homepage: String
    ) {
        (self.corpCode, self.name, self.englishName, self.stockName, self.stockCode, self.ceo) = (corpCode, name, englishName, stockName, stockCode, ceo)
        (self.corpClass, self.industryCode, self.established, self.fiscalMonth, self.homepage) = (corpClass, industryCode, established, fiscalMonth, homepage)
    }
}

/// One account line of `fnlttSinglAcnt.json` (단일회사 주요계정): which report and statement it
/// comes from, and the amounts of this period and the two before, in won (DART writes them as
/// strings with thousands separators).
public struct FinancialLine: Sendable, Hashable, Codable {
    /// The report: 11013 Q1, 11012 half year, 11014 Q3, 11011 annual (사업보고서).
    public enum Report: String, Sendable, Hashable, Codable, CaseIterable {
        case firstQuarter = "11013", halfYear = "11012", thirdQuarter = "11014", annual = "11011"
    }

    public var receiptNumber: String
    public var report: Report
    public var businessYear: Int
    public var corpCode: String
    public var stockCode: String?
    /// CFS (consolidated) or OFS (separate).
    public var statementBasis: String
    /// BS (balance sheet) or IS (income statement).
    public var statement: String
    public var account: String
    public var current: Int64?
    public var previous: Int64?
    public var beforePrevious: Int64?
    public var order: Int
    public var currency: String

    public init(
        receiptNumber: String, report: Report, businessYear: Int, corpCode: String, stockCode: String?, statementBasis: String, statement: String,
        account: String, current: Int64?, previous: Int64?, beforePrevious: Int64?, order: Int, currency: String
    ) {
        (self.receiptNumber, self.report, self.businessYear, self.corpCode, self.stockCode) = (receiptNumber, report, businessYear, corpCode, stockCode)
        (self.statementBasis, self.statement, self.account) = (statementBasis, statement, account)
        (self.current, self.previous, self.beforePrevious, self.order, self.currency) = (current, previous, beforePrevious, order, currency)
    }
}
