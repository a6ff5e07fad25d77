/// Severity of a script's log line; `print` logs at ``info``.
public enum ScriptLogLevel: String, Sendable, Hashable, CaseIterable, Comparable {
    case debug, info, warning, error

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One line a script logged, tagged with the script and the line it came from.
public struct ScriptLogEntry: Sendable, Hashable {
    public var script: String
    public var level: ScriptLogLevel
    public var message: String
    /// `chunk:line` of the call that logged, when known.
    public var location: String

    public init(script: String, level: ScriptLogLevel, message: String, location: String) {
        self.script = script
        self.level = level
        self.message = message
        self.location = location
    }
}
