public import Foundation

/// A subscription request (client → server): `tr_type` 1 subscribes, 2 unsubscribes; `tr_key` is a
/// stock code, or the HTS user id for execution notices.
public struct KISSubscription: Sendable, Hashable {
    public let trID: String
    public let trKey: String

    public init(trID: String, trKey: String) {
        self.trID = trID
        self.trKey = trKey
    }

    /// The request's JSON text.
    public func message(approvalKey: String, subscribe: Bool, customerType: String = "P") -> String {
        KISJSON.object([
            KISField("header", .strings(["approval_key": approvalKey, "custtype": customerType, "tr_type": subscribe ? "1" : "2", "content-type": "utf-8"])),
            KISField("body", .object([KISField("input", .strings(["tr_id": trID, "tr_key": trKey]))])),
        ]).serialized
    }

    /// Reads a request (the simulator's side): the subscription, whether it subscribes, and its approval key.
    /// - Throws: ``KISDecodingError`` naming the missing or wrong field.
    public static func parse(_ text: String) throws(KISDecodingError) -> (subscription: KISSubscription, subscribe: Bool, approvalKey: String) {
        let json = try KISJSON.parse(text, what: "subscription request")
        guard let header = json["header"], let input = json["body"]?["input"] else {
            throw KISDecodingError("subscription request: needs header and body.input")
        }
        guard let key = header["approval_key"]?.text, !key.isEmpty else { throw KISDecodingError("subscription request: header.approval_key is missing") }
        guard let type = header["tr_type"]?.text, type == "1" || type == "2" else { throw KISDecodingError("subscription request: header.tr_type must be 1 or 2") }
        guard let trID = input["tr_id"]?.text, !trID.isEmpty, let trKey = input["tr_key"]?.text, !trKey.isEmpty else {
            throw KISDecodingError("subscription request: body.input needs tr_id and tr_key")
        }
        return (KISSubscription(trID: trID, trKey: trKey), type == "1", key)
    }
}

/// A control message (server → client, JSON): a subscription reply with its key and iv, or PINGPONG.
public enum KISControlMessage: Sendable, Equatable {
    /// A reply to a subscription request; `cipher` is set when the reply carried a key and iv.
    case reply(KISControlReply)
    /// The keep-alive; the client answers with the same text.
    case pingPong(String)

    /// Reads a control message.
    /// - Throws: ``KISDecodingError`` when it is not JSON or not one of the two shapes.
    public static func parse(_ text: String) throws(KISDecodingError) -> KISControlMessage {
        let json = try KISJSON.parse(text, what: "control message")
        guard let header = json["header"], let trID = header["tr_id"]?.text else { throw KISDecodingError("control message: no header.tr_id") }
        if trID == "PINGPONG" { return .pingPong(text) }
        guard let body = json["body"], let code = body["msg_cd"]?.text else { throw KISDecodingError("control message \(trID): no body.msg_cd") }
        var cipher: KISCipher?
        if let output = body["output"], let key = output["key"]?.text, let iv = output["iv"]?.text, !key.isEmpty {
            cipher = try KISCipher(key: key, iv: iv)
        }
        return .reply(
            KISControlReply(
                trID: trID, trKey: header["tr_key"]?.text ?? "", isSuccess: body["rt_cd"]?.text == "0", code: code,
                message: (body["msg1"]?.text ?? "").trimmingSpaces, cipher: cipher))
    }

    /// The PINGPONG text a server sends at `datetime` (YYYYMMDDHHMMSS).
    public static func pingPong(datetime: String) -> String {
        KISJSON.object([KISField("header", .strings(["tr_id": "PINGPONG", "datetime": datetime]))]).serialized
    }
}

/// A reply to a subscription request.
public struct KISControlReply: Sendable, Equatable {
    public let trID: String
    public let trKey: String
    public let isSuccess: Bool
    /// `OPSP0000` subscribed, `OPSP0001` unsubscribed, `OPSP0002` already subscribed, `OPSP0003` not
    /// subscribed, `OPSP0007` internal error, `OPSP0008` over the registration limit, `OPSP8996` app key in use.
    public let code: String
    public let message: String
    public let cipher: KISCipher?

    public init(trID: String, trKey: String, isSuccess: Bool, code: String, message: String, cipher: KISCipher?) {
        self.trID = trID
        self.trKey = trKey
        self.isSuccess = isSuccess
        self.code = code
        self.message = message
        self.cipher = cipher
    }

    /// The reply's JSON text (the simulator's side), in the documented order.
    public var serialized: String {
        var body: [KISField] = [KISField("rt_cd", .string(isSuccess ? "0" : "1")), KISField("msg_cd", .string(code)), KISField("msg1", .string(message))]
        if let cipher { body.append(KISField("output", .strings(["iv": cipher.iv, "key": cipher.key]))) }
        return KISJSON.object([
            KISField("header", .strings(["tr_id": trID, "tr_key": trKey, "encrypt": "N"])), KISField("body", .object(body)),
        ]).serialized
    }
}
