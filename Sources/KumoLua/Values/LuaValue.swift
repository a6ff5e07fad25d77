import Foundation

/// A Lua value copied into Swift: plain data that can cross between the host and a script.
///
/// Functions, threads and userdata cannot be copied; they appear as ``function`` and
/// ``opaque(_:)`` markers so a caller can still tell what a script handed back.
public enum LuaValue: Sendable, Hashable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    /// A string that is valid UTF-8.
    case string(String)
    /// A string holding bytes that are not valid UTF-8; Lua strings are byte strings.
    case bytes([UInt8])
    case table(LuaTable)
    /// A function value; read it with ``LuaVM/functionReference(_:in:)`` to keep and call it.
    case function
    /// A value of another type (thread, userdata), named by its Lua type name.
    case opaque(String)

    /// Returns the Lua type name of the value, as `type()` would in Lua.
    public var typeName: String {
        switch self {
        case .nil: "nil"
        case .boolean: "boolean"
        case .integer, .number: "number"
        case .string, .bytes: "string"
        case .table: "table"
        case .function: "function"
        case .opaque(let name): name
        }
    }

    /// Returns the value as a Double when it is a number (integer or float).
    public var doubleValue: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// Returns the value as an integer when it is an integer or a float with an exact integer value.
    public var integerValue: Int64? {
        switch self {
        case .integer(let value): value
        case .number(let value): Int64(exactly: value)
        default: nil
        }
    }

    /// Returns the string, when the value is a UTF-8 string.
    public var stringValue: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// Returns the table, when the value is one.
    public var tableValue: LuaTable? {
        if case .table(let value) = self { value } else { nil }
    }

    /// Whether Lua would treat the value as true in a condition.
    public var isTruthy: Bool {
        switch self {
        case .nil, .boolean(false): false
        default: true
        }
    }
}

extension LuaValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(nilLiteral: ()) { self = .nil }
}

extension LuaValue: CustomStringConvertible {
    /// A Lua-literal-like rendering, deterministic (table fields in key order), for logs and the REPL.
    public var description: String {
        switch self {
        case .nil: "nil"
        case .boolean(let value): String(value)
        case .integer(let value): String(value)
        case .number(let value): String(value)
        case .string(let value): "\"" + value.replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case .bytes(let value): "<\(value.count) bytes>"
        case .table(let table): table.description
        case .function: "<function>"
        case .opaque(let name): "<\(name)>"
        }
    }
}
