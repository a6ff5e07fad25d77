public import Foundation

/// A JSON value as KIS sends it: objects keep their keys in the order written (the simulator
/// answers in the documented order), lookups ignore case (KIS mixes `ODNO` and `odno`).
public indirect enum KISJSON: Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    case array([KISJSON])
    case object([KISField])

    /// The member named `key`, compared without case; nil when absent or not an object.
    public subscript(key: String) -> KISJSON? {
        guard case .object(let fields) = self else { return nil }
        if let exact = fields.first(where: { $0.name == key }) { return exact.value }
        let lowered = key.lowercased()
        return fields.first { $0.name.lowercased() == lowered }?.value
    }

    /// The text of a string (KIS sends every number as a string), or a number's shortest text.
    public var text: String? {
        switch self {
        case .string(let value): value
        case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        default: nil
        }
    }

    /// The elements of an array; an object counts as an array of one (KIS answers either way).
    public var elements: [KISJSON] {
        switch self {
        case .array(let values): values
        case .object: [self]
        default: []
        }
    }

    /// The object's members in order.
    public var fields: [KISField] {
        if case .object(let fields) = self { return fields }
        return []
    }

    /// Parses JSON text.
    /// - Throws: ``KISDecodingError`` naming what is wrong when `data` is not JSON.
    public static func parse(_ data: Data, what: String) throws(KISDecodingError) -> KISJSON {
        do { return try JSONDecoder().decode(Decoded.self, from: data).value } catch {
            let preview = String(decoding: data.prefix(120), as: UTF8.self)
            throw KISDecodingError("\(what): not JSON (\(preview.isEmpty ? "empty body" : preview))")
        }
    }

    /// Parses JSON text from a string.
    public static func parse(_ text: String, what: String) throws(KISDecodingError) -> KISJSON {
        try parse(Data(text.utf8), what: what)
    }

    /// An object of string members, in order (how KIS bodies and outputs are written).
    public static func strings(_ pairs: KeyValuePairs<String, String>) -> KISJSON {
        .object(pairs.map { KISField($0.key, .string($0.value)) })
    }

    /// An object of string members from parallel name and value lists.
    public static func strings(names: [String], values: [String]) -> KISJSON {
        .object(zip(names, values).map { KISField($0, .string($1)) })
    }

    /// Compact JSON text, keys in their order, non-ASCII characters written as UTF-8.
    public var serialized: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// The serialized text as bytes.
    public var data: Data { Data(serialized.utf8) }

    private func write(to out: inout String) {
        switch self {
        case .string(let value): Self.writeString(value, to: &out)
        case .number: out += text ?? "0"
        case .bool(let value): out += value ? "true" : "false"
        case .null: out += "null"
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                value.write(to: &out)
            }
            out += "]"
        case .object(let fields):
            out += "{"
            for (index, field) in fields.enumerated() {
                if index > 0 { out += "," }
                Self.writeString(field.name, to: &out)
                out += ":"
                field.value.write(to: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ value: String, to out: inout String) {
        out += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    private struct Decoded: Decodable {
        let value: KISJSON

        init(from decoder: any Decoder) throws {
            if var array = try? decoder.unkeyedContainer() {
                var values: [KISJSON] = []
                while !array.isAtEnd { values.append(try array.decode(Decoded.self).value) }
                value = .array(values)
            } else if let object = try? decoder.container(keyedBy: AnyKey.self) {
                // JSONDecoder does not keep key order; sorted keys keep parsing deterministic.
                value = .object(try object.allKeys.sorted { $0.stringValue < $1.stringValue }.map { KISField($0.stringValue, try object.decode(Decoded.self, forKey: $0).value) })
            } else {
                let single = try decoder.singleValueContainer()
                if single.decodeNil() {
                    value = .null
                } else if let bool = try? single.decode(Bool.self) {
                    value = .bool(bool)
                } else if let number = try? single.decode(Double.self) {
                    value = .number(number)
                } else {
                    value = .string(try single.decode(String.self))
                }
            }
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// One member of a ``KISJSON`` object.
public struct KISField: Sendable, Equatable {
    public var name: String
    public var value: KISJSON

    public init(_ name: String, _ value: KISJSON) {
        self.name = name
        self.value = value
    }
}

/// A KIS message that does not have the documented shape, with what and where.
public struct KISDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
