public import Foundation

/// Reading OpenDART's JSON replies: the status first (an error reply is HTTP 200 with a status),
/// then the fields, each a string (numbers and dates included), named in the error when missing.
enum DARTReply {
    /// The top-level object and its status; throws for any status but 000 and 013.
    static func object(_ data: Data, endpoint: String) throws(DARTError) -> (object: [String: Any], status: DARTStatus) {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw DARTError(endpoint: endpoint, "the reply is not a JSON object: \(String(decoding: data.prefix(80), as: UTF8.self))")
        }
        guard let code = object["status"] as? String else { throw DARTError(endpoint: endpoint, "the reply has no status") }
        let status = DARTStatus(code: code, message: object["message"] as? String ?? "")
        guard status.meaning == .ok || status.meaning == .noData else { throw DARTError(endpoint: endpoint, status: status, "") }
        return (object, status)
    }

    /// Field `key` of `row` as a string; `required` fields must be present and non-empty.
    static func string(_ row: [String: Any], _ key: String, endpoint: String, row index: Int? = nil, required: Bool = true) throws(DARTError) -> String {
        let value = (row[key] as? String) ?? (row[key] as? NSNumber)?.stringValue ?? ""
        if required, value.trimmingCharacters(in: .whitespaces).isEmpty {
            throw DARTError(endpoint: endpoint, "\(index.map { "list[\($0)]." } ?? "")\(key) is missing")
        }
        return value
    }

    /// An amount as DART writes it ("218,163,185,000,000", "-1,234", "" or "-" for none).
    static func amount(_ text: String) -> Int64? {
        let digits = text.replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)
        guard !digits.isEmpty, digits != "-" else { return nil }
        return Int64(digits)
    }
}
