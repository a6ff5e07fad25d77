public import Foundation
public import KumoCore

/// The Kiwoom WebSocket's JSON messages (`/api/dostk/websocket`): `LOGIN` with the token first,
/// `REG` to subscribe items to real-time types (`0B` trades, `0D` books, `00` the account's
/// orders and fills, which need no item), `PING` from the server to echo back, and `REAL` data.
public enum KiwoomRealtime {
    /// The login message.
    public static func login(token: String) -> String { json(["trnm": "LOGIN", "token": token]) }

    /// A subscription of `items` to `types`, kept beside the group's earlier ones (`refresh` 1).
    public static func register(items: [String], types: [String], group: String = "1") -> String {
        json(["trnm": "REG", "grp_no": group, "refresh": "1", "data": [["item": items, "type": types]]])
    }

    static func json(_ object: [String: Any]) -> String {
        // Only strings, arrays and dictionaries of them go in: serialisation cannot fail.
        String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    /// One message from the server.
    public enum Message: Sendable, Equatable {
        /// The reply to `LOGIN` or `REG`: 0 is accepted.
        case reply(service: String, code: Int, message: String)
        case ping(String)
        case real([Item])
    }

    /// One real-time item: its type, its code and its fields by number.
    public struct Item: Sendable, Equatable {
        public var type: String
        public var item: String
        public var values: [String: String]

        public init(type: String, item: String, values: [String: String]) {
            self.type = type
            self.item = item
            self.values = values
        }
    }

    /// Reads a server message.
    /// - Throws: ``KiwoomDecodingError`` naming what is missing.
    public static func parse(_ text: String) throws(KiwoomDecodingError) -> Message {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any], let service = object["trnm"] as? String else {
            throw KiwoomDecodingError("not a Kiwoom message: \(text.prefix(80))")
        }
        switch service {
        case "PING": return .ping(text)
        case "REAL":
            guard let data = object["data"] as? [[String: Any]] else { throw KiwoomDecodingError("REAL without data") }
            return .real(try data.map { entry throws(KiwoomDecodingError) in
                guard let type = entry["type"] as? String, let values = entry["values"] as? [String: Any] else {
                    throw KiwoomDecodingError("REAL item without type or values")
                }
                return Item(type: type, item: entry["item"] as? String ?? "", values: values.compactMapValues { $0 as? String ?? ($0 as? NSNumber)?.stringValue })
            })
        default:
            let code = (object["return_code"] as? Int) ?? Int(object["return_code"] as? String ?? "") ?? 0
            return .reply(service: service, code: code, message: object["return_msg"] as? String ?? "")
        }
    }

    /// A `REAL` message of `items` (what the simulator sends).
    public static func real(_ items: [Item]) -> String {
        json(["trnm": "REAL", "data": items.map { ["type": $0.type, "name": name($0.type), "item": $0.item, "values": $0.values] }])
    }

    static func name(_ type: String) -> String {
        switch type {
        case "0B": "주식체결"
        case "0D": "주식호가잔량"
        case "00": "주문체결"
        default: type
        }
    }
}

/// Why a Kiwoom message could not be read.
public struct KiwoomDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
