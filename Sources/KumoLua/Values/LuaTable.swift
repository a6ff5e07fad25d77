/// A Lua table copied into Swift: its array part (keys 1...n) and its other fields.
///
/// Fields are kept sorted by key so iteration, comparison and printing are deterministic,
/// unlike Lua's own traversal order.
public struct LuaTable: Sendable, Hashable {
    /// Values at keys 1...n, in order.
    public var array: [LuaValue]
    /// The remaining key/value pairs, sorted by key.
    public private(set) var fields: [Field]

    /// One non-array entry of a table.
    public struct Field: Sendable, Hashable {
        public var key: LuaValue
        public var value: LuaValue
        public init(key: LuaValue, value: LuaValue) {
            self.key = key
            self.value = value
        }
    }

    /// Creates a table from an array part and fields in any order.
    public init(array: [LuaValue] = [], fields: [Field] = []) {
        self.array = array
        self.fields = fields.sorted { LuaTable.keyOrder($0.key, $1.key) }
    }

    /// Creates a table from fields already in key order (as ``fields`` keeps them), skipping the sort:
    /// the fast path for records the host builds on every event.
    public init(array: [LuaValue] = [], sortedFields: [Field]) {
        assert(zip(sortedFields, sortedFields.dropFirst()).allSatisfy { LuaTable.keyOrder($0.key, $1.key) }, "fields out of order")
        self.array = array
        self.fields = sortedFields
    }

    /// Creates a record-like table from string keys.
    public init(_ record: KeyValuePairs<String, LuaValue>) {
        self.init(fields: record.map { Field(key: .string($0.key), value: $0.value) })
    }

    /// Whether the table has neither array items nor fields.
    public var isEmpty: Bool { array.isEmpty && fields.isEmpty }

    /// Returns the value at a string key, or `nil` when absent.
    public subscript(key: String) -> LuaValue? {
        get { fields.first { $0.key == .string(key) }?.value }
        set {
            fields.removeAll { $0.key == .string(key) }
            if let newValue, newValue != .nil {
                fields.append(Field(key: .string(key), value: newValue))
                fields.sort { LuaTable.keyOrder($0.key, $1.key) }
            }
        }
    }

    /// Orders keys: numbers first (by value), then strings, then booleans, then the rest.
    static func keyOrder(_ a: LuaValue, _ b: LuaValue) -> Bool {
        func rank(_ v: LuaValue) -> Int {
            switch v {
            case .integer, .number: 0
            case .string, .bytes: 1
            case .boolean: 2
            default: 3
            }
        }
        if rank(a) != rank(b) { return rank(a) < rank(b) }
        switch (a, b) {
        case let (x, y) where x.doubleValue != nil && y.doubleValue != nil: return x.doubleValue! < y.doubleValue!
        case let (.string(x), .string(y)): return x < y
        case (.boolean(false), .boolean(true)): return true
        default: return a.description < b.description
        }
    }
}

extension LuaTable: CustomStringConvertible {
    public var description: String {
        var parts = array.map(\.description)
        for field in fields {
            if case .string(let name) = field.key, LuaTable.isIdentifier(name) {
                parts.append("\(name) = \(field.value)")
            } else {
                parts.append("[\(field.key)] = \(field.value)")
            }
        }
        return parts.isEmpty ? "{}" : "{ " + parts.joined(separator: ", ") + " }"
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0) }
    }
}
