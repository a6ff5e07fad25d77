public import Foundation
public import KumoCore

extension CompanyProfile {
    public static func parse(_ data: Data) throws(DARTError) -> CompanyProfile? {
        let endpoint = "company.json"
        let (object, status) = try DARTReply.object(data, endpoint: endpoint)
        if status.meaning == .noData { return nil }
        func field(_ key: String, required: Bool = false) throws(DARTError) -> String { try DARTReply.string(object, key, endpoint: endpoint, required: required) }
        let stock = try field("stock_code").trimmingCharacters(in: .whitespaces)
        return CompanyProfile(
            corpCode: try field("corp_code", required: true), name: try field("corp_name", required: true), englishName: try field("corp_name_eng"),
            stockName: try field("stock_name"), stockCode: stock.isEmpty ? nil : stock, ceo: try field("ceo_nm"), corpClass: try field("corp_cls"),
            industryCode: try field("induty_code"), established: try field("est_dt"), fiscalMonth: try field("acc_mt"), homepage: try field("hm_url"))
    }
}
