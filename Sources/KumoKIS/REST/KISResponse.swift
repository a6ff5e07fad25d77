/// A REST reply's envelope: `rt_cd` "0" is success, any other a failure with `msg_cd` and `msg1`.
/// Token errors use another envelope (`error_code`, `error_description`); both are read here.
public struct KISResponse: Sendable, Equatable {
    public let status: Int
    public let body: KISJSON
    /// The response header `tr_cont`: F or M when more pages follow.
    public let continuation: String

    public init(status: Int, body: KISJSON, continuation: String = "") {
        self.status = status
        self.body = body
        self.continuation = continuation
    }

    /// `rt_cd`, or empty for the token envelope.
    public var resultCode: String { body["rt_cd"]?.text ?? "" }
    /// `msg_cd`, or the token envelope's `error_code`.
    public var code: String { body["msg_cd"]?.text ?? body["error_code"]?.text ?? "" }
    /// `msg1` without KIS's padding, or the token envelope's `error_description`.
    public var message: String { (body["msg1"]?.text ?? body["error_description"]?.text ?? "").trimmingSpaces }
    /// Whether the call did what it asked: HTTP 2xx and `rt_cd` "0" (or no `rt_cd`, as token replies have none).
    public var isSuccess: Bool { (200..<300).contains(status) && (resultCode == "0" || (resultCode.isEmpty && code.isEmpty)) }
    /// Whether more pages follow (`tr_cont` F or M).
    public var hasMore: Bool { continuation == "F" || continuation == "M" }

    /// The failure, when it is one.
    public var failure: KISFailure? {
        isSuccess ? nil : KISFailure(status: status, code: code, message: message.isEmpty ? "HTTP \(status) without a KIS message" : message)
    }

    /// A reply the simulator sends: the envelope around `output` members, in KIS's order.
    public static func success(code: String, message: String, outputs: [KISField], paging: [KISField] = []) -> KISJSON {
        .object(paging + outputs + [KISField("rt_cd", .string("0")), KISField("msg_cd", .string(code)), KISField("msg1", .string(message))])
    }

    /// A failure's body (`rt_cd` 1 for the gateway's errors, 7 for some order rejections).
    public static func failure(resultCode: String = "1", code: String, message: String) -> KISJSON {
        .strings(["rt_cd": resultCode, "msg_cd": code, "msg1": message])
    }
}

/// A failed KIS call: the HTTP status and the broker's code and message.
public struct KISFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: Int
    public let code: String
    public let message: String

    public init(status: Int, code: String, message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { code.isEmpty ? message : "\(code) \(message)" }
}
