public import Foundation
public import KumoCore

/// One page of `list.json`: its filings and where it stands among the pages.
public struct DisclosurePage: Sendable, Hashable {
    public var page: Int
    public var pageCount: Int
    public var totalCount: Int
    public var totalPages: Int
    public var disclosures: [Disclosure]

    /// Parses a reply; status 013 is an empty page.
    public static func parse(_ data: Data) throws(DARTError) -> DisclosurePage {
        let endpoint = "list.json"
        let (object, status) = try DARTReply.object(data, endpoint: endpoint)
        if status.meaning == .noData { return DisclosurePage(page: 1, pageCount: 0, totalCount: 0, totalPages: 0, disclosures: []) }
        guard let rows = object["list"] as? [[String: Any]] else { throw DARTError(endpoint: endpoint, "the reply has no list") }
        var disclosures: [Disclosure] = []
        for (index, row) in rows.enumerated() {
            func field(_ key: String, required: Bool = true) throws(DARTError) -> String {
                try DARTReply.string(row, key, endpoint: endpoint, row: index, required: required)
            }
            let number = try field("rcept_no")
            guard number.count == 14, number.allSatisfy(\.isNumber) else { throw DARTError(endpoint: endpoint, "list[\(index)].rcept_no '\(number)' is not 14 digits") }
            let date = try field("rcept_dt")
            guard date.count == 8, date.allSatisfy(\.isNumber) else { throw DARTError(endpoint: endpoint, "list[\(index)].rcept_dt '\(date)' is not YYYYMMDD") }
            let stock = try field("stock_code", required: false).trimmingCharacters(in: .whitespaces)
            disclosures.append(Disclosure(
                corpCode: try field("corp_code"), corpName: try field("corp_name"), stockCode: stock.isEmpty ? nil : stock, corpClass: try field("corp_cls", required: false),
                reportName: try field("report_nm").trimmingCharacters(in: .whitespaces), receiptNumber: number, filerName: try field("flr_nm", required: false),
                receiptDate: date, remarks: try field("rm", required: false)))
        }
        func int(_ key: String) -> Int { (object[key] as? Int) ?? Int(object[key] as? String ?? "") ?? 0 }
        return DisclosurePage(page: int("page_no"), pageCount: int("page_count"), totalCount: int("total_count"), totalPages: int("total_page"), disclosures: disclosures)
    }
}
