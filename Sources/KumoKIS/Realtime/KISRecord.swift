/// One record of a real-time frame: its values in field-list order, read by name.
public struct KISRecord: Sendable, Equatable {
    public let names: [String]
    public let values: [String]

    public init(names: [String], values: [String]) {
        self.names = names
        self.values = values
    }

    /// The value of field `name`; empty when the record's layout has no such field (the 46-field trade layout).
    public subscript(name: String) -> String {
        guard let index = names.firstIndex(of: name), index < values.count else { return "" }
        return values[index]
    }

    /// The record as `name: value` pairs (what the domain notes' parsed examples list).
    public var dictionary: [String: String] {
        Dictionary(uniqueKeysWithValues: zip(names, values).map { ($0, $1) })
    }
}
