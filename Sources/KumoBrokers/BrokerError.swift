import KumoKIS

/// Why a broker call failed: the broker refused it (its code and message), no reply came back,
/// the reply did not have the documented shape, or the configuration is wrong.
public struct BrokerError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case refused, noReply, malformed, configuration
    }

    public let kind: Kind
    /// The broker's code (`APBK0952`, `EGW00201` …) when it answered with one.
    public let code: String
    public let message: String

    init(kind: Kind, code: String = "", message: String) {
        self.kind = kind
        self.code = code
        self.message = message
    }

    static func refused(_ failure: KISFailure) -> BrokerError { BrokerError(kind: .refused, code: failure.code, message: failure.message) }
    static func noReply(_ message: String) -> BrokerError { BrokerError(kind: .noReply, message: message) }
    static func malformed(_ error: KISDecodingError) -> BrokerError { BrokerError(kind: .malformed, message: error.description) }
    static func configuration(_ message: String) -> BrokerError { BrokerError(kind: .configuration, message: message) }

    public var description: String { code.isEmpty ? message : "\(code) \(message)" }
}
