/// What the host offers a strategy's `ctx` beyond the script itself: the engine implements it
/// (clock, orders, portfolio); `kumo check` and tests use ``RecordingServices``.
public protocol StrategyServices: AnyObject {
    /// The engine's current time in seconds since 1970 (UTC): simulated in a backtest.
    func now() -> Double
    /// Receives a script's log line.
    func log(_ entry: ScriptLogEntry)
}

/// Services for checks and tests: a fixed clock that the caller moves, and a log kept in memory.
public final class RecordingServices: StrategyServices, @unchecked Sendable {
    // @unchecked Sendable: touched only on the VM thread that runs the script it serves.
    public var time: Double
    public private(set) var entries: [ScriptLogEntry] = []

    public init(time: Double = 0) { self.time = time }

    public func now() -> Double { time }
    public func log(_ entry: ScriptLogEntry) { entries.append(entry) }
}
