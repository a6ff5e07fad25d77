public import Foundation
public import KumoCore

extension FinancialLine {
    /// Parses a reply; status 013 is no lines.
    public static func parse(_ data: Data) throws(DARTError) -> [FinancialLine] {
        let endpoint = "fnlttSinglAcnt.json"
        let (object, status) = try DARTReply.object(data, endpoint: endpoint)
        if status.meaning == .noData { return [] }
        guard let rows = object["list"] as? [[String: Any]] else { throw DARTError(endpoint: endpoint, "the reply has no list") }
        var lines: [FinancialLine] = []
        for (index, row) in rows.enumerated() {
            func field(_ key: String, required: Bool = true) throws(DARTError) -> String {
                try DARTReply.string(row, key, endpoint: endpoint, row: index, required: required)
            }
            let code = try field("reprt_code")
            guard let report = Report(rawValue: code) else { throw DARTError(endpoint: endpoint, "list[\(index)].reprt_code '\(code)' is not 11011, 11012, 11013 or 11014") }
            let year = try field("bsns_year")
            guard let businessYear = Int(year) else { throw DARTError(endpoint: endpoint, "list[\(index)].bsns_year '\(year)' is not a year") }
            let current = try field("thstrm_amount", required: false)
            guard current.isEmpty || current == "-" || DARTReply.amount(current) != nil else {
                throw DARTError(endpoint: endpoint, "list[\(index)].thstrm_amount '\(current)' is not an amount")
            }
            let stock = try field("stock_code", required: false).trimmingCharacters(in: .whitespaces)
            lines.append(FinancialLine(
                receiptNumber: try field("rcept_no"), report: report, businessYear: businessYear, corpCode: try field("corp_code"), stockCode: stock.isEmpty ? nil : stock,
                statementBasis: try field("fs_div"), statement: try field("sj_div"), account: try field("account_nm"), current: DARTReply.amount(current),
                previous: DARTReply.amount(try field("frmtrm_amount", required: false)), beforePrevious: DARTReply.amount(try field("bfefrmtrm_amount", required: false)),
                order: Int(try field("ord", required: false)) ?? index, currency: try field("currency", required: false)))
        }
        return lines
    }
}
