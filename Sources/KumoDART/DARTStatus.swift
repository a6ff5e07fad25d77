/// An OpenDART status code (`status` in every JSON reply, or the XML envelope of a zip endpoint)
/// and what a collector does about it: 000 is data, 013 an empty answer, 020 the day's quota
/// spent (stop and resume tomorrow), 800 maintenance (retry later); the rest are the caller's fault.
public struct DARTStatus: Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public enum Meaning: Sendable, Hashable {
        case ok
        /// 013: nothing matched (not an error: an empty page).
        case noData
        /// 014: the requested file does not exist.
        case noFile
        /// 020: the key's request quota is spent (about 20,000 a day, reset at 00:00 KST).
        case overLimit
        /// 800: the service is down for maintenance.
        case maintenance
        /// 010, 011, 012, 901: the key or the address is refused.
        case keyRefused
        /// 021, 100, 101: the request itself is wrong.
        case badRequest
        case unknown
    }

    public var meaning: Meaning {
        switch code {
        case "000": .ok
        case "013": .noData
        case "014": .noFile
        case "020": .overLimit
        case "800": .maintenance
        case "010", "011", "012", "901": .keyRefused
        case "021", "100", "101": .badRequest
        default: .unknown
        }
    }

    /// Whether asking again later can succeed (quota, maintenance, an undefined server error).
    public var isRetryable: Bool { [.overLimit, .maintenance, .unknown].contains(meaning) }

    public var description: String { "OpenDART \(code): \(message)" }
}

/// A reply OpenDART gave that is not what the endpoint promises, or that carries an error status.
public struct DARTError: Error, Sendable, Hashable, CustomStringConvertible {
    public let endpoint: String
    public let status: DARTStatus?
    public let detail: String

    public init(endpoint: String, status: DARTStatus? = nil, _ detail: String) {
        self.endpoint = endpoint
        self.status = status
        self.detail = detail
    }

    public var description: String { "\(endpoint): " + (status.map { "\($0.description)" + (detail.isEmpty ? "" : " (\(detail))") } ?? detail) }
}
