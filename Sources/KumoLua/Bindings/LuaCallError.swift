/// The error a bound Swift function reports to the calling script; the C trampoline raises it at
/// the script's line after the Swift function has returned.
public struct LuaCallError: Error, Sendable, Hashable {
    public var message: String

    public init(_ message: String) { self.message = message }

    /// An argument of the wrong type, worded as Lua's own `bad argument` errors.
    public static func badArgument(_ position: Int, of function: String, expected: String, got: String) -> Self {
        LuaCallError("bad argument #\(position) to '\(function)' (\(expected) expected, got \(got))")
    }

    /// An argument with the right type and a wrong value.
    public static func invalidArgument(_ position: Int, of function: String, _ reason: String) -> Self {
        LuaCallError("bad argument #\(position) to '\(function)' (\(reason))")
    }
}
