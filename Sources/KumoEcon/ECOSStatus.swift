/// A result code of the Bank of Korea's ECOS Open API (`RESULT.CODE`, in place of the data) and
/// what a collector does about it: INFO-200 is an empty answer, INFO-100 a refused key, ERROR-602
/// the key throttled for calling too often (stop, resume later), ERROR-400 a range too large to
/// answer within ECOS's 60-second limit (ask for less), ERROR-500/600/601 the server's own
/// failures (retry); the other ERROR codes are the request's fault.
public struct ECOSStatus: Sendable, Hashable, CustomStringConvertible {
    public let code: String
    public let message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public enum Meaning: Sendable, Hashable {
        /// INFO-200: nothing in the range.
        case noData
        /// INFO-100: the key is not valid.
        case keyRefused
        /// ERROR-602: too many calls; the key is limited for a while.
        case throttled
        /// ERROR-400: the range took more than 60 s to search; a smaller request can succeed.
        case tooLarge
        /// ERROR-500, -600, -601: server, database or SQL failure.
        case serverFailure
        /// ERROR-100, -101, -200, -300, -301: a missing or malformed parameter.
        case badRequest
        case unknown
    }

    public var meaning: Meaning {
        switch code {
        case "INFO-200": .noData
        case "INFO-100": .keyRefused
        case "ERROR-602": .throttled
        case "ERROR-400": .tooLarge
        case "ERROR-500", "ERROR-600", "ERROR-601": .serverFailure
        case "ERROR-100", "ERROR-101", "ERROR-200", "ERROR-300", "ERROR-301": .badRequest
        default: .unknown
        }
    }

    /// Whether the same request can succeed if asked again after a wait.
    public var isRetryable: Bool { meaning == .serverFailure || meaning == .unknown }

    public var description: String { "ECOS \(code): \(message)" }
}

/// A reply that is not what the series' source promises, or that carries an ECOS error code.
public struct EconWireError: Error, Sendable, Hashable, CustomStringConvertible {
    public let source: String
    public let status: ECOSStatus?
    public let detail: String

    public init(source: String, status: ECOSStatus? = nil, _ detail: String) {
        self.source = source
        self.status = status
        self.detail = detail
    }

    public var description: String { "\(source): " + (status.map { $0.description + (detail.isEmpty ? "" : " (\(detail))") } ?? detail) }
}
