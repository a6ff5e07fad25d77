/// Why a bar file could not be imported: the file, the line and the field, in a sentence.
public struct BarImportError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var field: String?
    public var message: String

    public init(file: String, line: Int, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `file:line: field 'close': message`.
    public var description: String {
        let fieldText = field.map { "field '\($0)': " } ?? ""
        return "\(file):\(line): \(fieldText)\(message)"
    }
}
