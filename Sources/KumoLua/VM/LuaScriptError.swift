/// Why loading or calling a script failed, with the script's message and traceback.
public struct LuaScriptError: Error, Sendable, Hashable {
    /// The class of failure: what a host decides on (report, kill, quarantine).
    public enum Kind: String, Sendable, Hashable {
        /// The source does not parse.
        case syntax
        /// The script raised an error (`error()`, a bad index, a bad argument …).
        case runtime
        /// The call ran past its instruction budget.
        case instructionBudget
        /// The call ran past its wall-clock deadline.
        case timeBudget
        /// The VM's heap reached its memory cap.
        case memoryLimit
        /// The host refused the value or the operation (a bad argument from Swift, a value too deep).
        case refused
        /// The script is quarantined after repeated failures and is not called.
        case quarantined
    }

    public var kind: Kind
    /// The error message, starting with `chunk:line:` when Lua knows where it happened.
    public var message: String
    /// Lua's stack traceback, when one was taken.
    public var traceback: String?

    public init(kind: Kind, message: String, traceback: String? = nil) {
        self.kind = kind
        self.message = message
        self.traceback = traceback
    }

    /// Whether a host limit, rather than the script's own logic, stopped the call.
    public var isLimit: Bool { [.instructionBudget, .timeBudget, .memoryLimit].contains(kind) }

    /// The `chunk:line` at the start of the message, such as `strategies/sma.lua:12`.
    public var location: (chunk: String, line: Int)? {
        let parts = message.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, let line = Int(parts[1]), !parts[0].isEmpty, !parts[0].contains(" ") else {
            return nil
        }
        return (String(parts[0]), line)
    }
}

extension LuaScriptError: CustomStringConvertible {
    public var description: String {
        let label = kind == .runtime || kind == .syntax ? "" : "[\(kind.rawValue)] "
        return label + message
    }
}
