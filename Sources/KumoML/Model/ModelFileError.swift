/// A model file that cannot be used, naming the file, the field and what is wrong; nothing of the
/// model is loaded when one is thrown.
public struct ModelFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var field: String
    public var message: String

    public init(file: String, field: String, _ message: String) {
        self.file = file
        self.field = field
        self.message = message
    }

    public var description: String { field.isEmpty ? "\(file): \(message)" : "\(file): \(field): \(message)" }
}
