/// Why a parent order cannot be worked, naming the field at fault.
public struct ExecutionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
