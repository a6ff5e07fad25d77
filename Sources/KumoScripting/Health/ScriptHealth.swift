/// A script's record of failures: after `threshold` failed calls in a row it is quarantined
/// and the host stops calling it (its positions stay under the host's risk rules).
public struct ScriptHealth: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        case healthy, failing, quarantined
    }

    public let threshold: Int
    public private(set) var consecutiveFailures = 0
    public private(set) var totalFailures = 0
    public private(set) var lastError: LuaScriptErrorSummary?

    public init(threshold: Int = 3) {
        precondition(threshold >= 1, "A quarantine threshold is at least 1, not \(threshold)")
        self.threshold = threshold
    }

    public var status: Status {
        if consecutiveFailures >= threshold { return .quarantined }
        return consecutiveFailures > 0 ? .failing : .healthy
    }

    public mutating func recordSuccess() {
        guard status != .quarantined else { return }
        consecutiveFailures = 0
    }

    public mutating func recordFailure(_ error: LuaScriptErrorSummary) {
        consecutiveFailures += 1
        totalFailures += 1
        lastError = error
    }

    /// Lifts a quarantine, as an operator does after fixing the script (a reload does too).
    public mutating func reset() { consecutiveFailures = 0 }
}

/// The part of a script error kept in a health record.
public struct LuaScriptErrorSummary: Sendable, Hashable {
    public var handler: String
    public var message: String
    public var isLimit: Bool
}
