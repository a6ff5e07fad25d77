/// A company filing published through DART (전자공시): who filed what and when. OpenDART's
/// `list.json` rows parse into it (KumoDART); the store keeps it and strategies read it point in
/// time. `receiptNumber` (접수번호, 14 digits) identifies it; its first eight digits are the date.
public struct Disclosure: Sendable, Hashable, Codable {
    public var corpCode: String
    public var corpName: String
    /// The six-digit KRX code, nil for an unlisted company.
    public var stockCode: String?
    /// Y 유가증권, K 코스닥, N 코넥스, E 기타.
    public var corpClass: String
    public var reportName: String
    public var receiptNumber: String
    public var filerName: String
    /// The receipt date, YYYYMMDD.
    public var receiptDate: String
    /// Remarks flags (유 코 채 넥 공 연 정 철).
    public var remarks: String

    /// The kind of event the report announces, read from its name.
    public var kind: DisclosureKind { DisclosureKind(reportName: reportName) }

    /// When a backtest may first see it: the receipt date carries no time, so 18:00 KST that day
    /// (after the close, when most filings are in), never earlier.
    public var publishedAt: Timestamp {
        let date = CivilDate(compact: receiptDate) ?? CivilDate(year: 1970, month: 1, day: 1)!
        return Timestamp(year: date.year, month: date.month, day: date.day, hour: 18, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)!
    }

    public init(
        corpCode: String, corpName: String, stockCode: String?, corpClass: String, reportName: String, receiptNumber: String, filerName: String,
        receiptDate: String, remarks: String
    ) {
        self.corpCode = corpCode
        self.corpName = corpName
        self.stockCode = stockCode
        self.corpClass = corpClass
        self.reportName = reportName
        self.receiptNumber = receiptNumber
        self.filerName = filerName
        self.receiptDate = receiptDate
        self.remarks = remarks
    }
}

