public import KumoCore

/// Strategy services for a backtest: the engine's simulated clock, and every line the scripts
/// log or print kept in order (for the report) and handed to `echo` as it arrives (the terminal).
public final class CollectingServices: StrategyServices, @unchecked Sendable {
    // @unchecked Sendable: touched only on the Lua thread that runs the backtest.
    /// One logged line and the engine time it was logged at.
    public struct Line: Sendable, Hashable {
        public var time: Timestamp
        public var entry: ScriptLogEntry
    }

    /// The engine's clock; set once the kernel exists (before that, lines carry time zero).
    public var clock: () -> Timestamp = { Timestamp(nanoseconds: 0) }
    /// Sees each line as it is logged.
    public var echo: ((Line) -> Void)?
    public private(set) var lines: [Line] = []

    public init(echo: ((Line) -> Void)? = nil) { self.echo = echo }

    public func now() -> Double { clock().secondsSince1970 }

    public func log(_ entry: ScriptLogEntry) {
        let line = Line(time: clock(), entry: entry)
        lines.append(line)
        echo?(line)
    }
}
