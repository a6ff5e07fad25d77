/// Why a strategy (or plugin) could not be loaded: where (file and line, when known) and what.
public struct StrategyLoadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The class of problem, for a host that reacts differently (a syntax error vs a contract error).
    public enum Kind: String, Sendable, Hashable {
        case unreadable, syntax, runtime, limit, contract, forbidden, manifest
    }

    public var kind: Kind
    public var file: String
    public var line: Int?
    public var message: String

    public init(kind: Kind, file: String, line: Int? = nil, message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, as compilers print, so editors can jump to it.
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
