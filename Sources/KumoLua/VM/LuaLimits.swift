/// The resources one VM may use: a memory cap for its whole heap and a budget for each call.
///
/// A call that exceeds a limit is stopped with a ``LuaScriptError`` naming the limit; the VM and
/// the host carry on.
public struct LuaLimits: Sendable, Hashable {
    /// The most memory the VM's heap may hold, in bytes.
    public var memoryBytes: Int
    /// The most Lua instructions (and counted C library steps) one call may run.
    public var instructionsPerCall: Int64
    /// The wall-clock time one call may take, in nanoseconds.
    public var wallClockNanosecondsPerCall: Int64
    /// The deepest table nesting converted between Lua and Swift.
    public var maxValueDepth: Int
    /// The most entries a converted table (and its nested tables) may hold.
    public var maxValueEntries: Int

    /// Creates limits; the defaults suit a strategy VM: 64 MiB, 50M instructions, 1 s.
    public init(
        memoryBytes: Int = 64 << 20, instructionsPerCall: Int64 = 50_000_000,
        wallClockNanosecondsPerCall: Int64 = 1_000_000_000, maxValueDepth: Int = 64,
        maxValueEntries: Int = 1_000_000
    ) {
        precondition(memoryBytes >= 1 << 20, "A Lua VM needs at least 1 MiB, not \(memoryBytes) bytes")
        precondition(instructionsPerCall > 0, "The instruction budget must be positive: \(instructionsPerCall)")
        precondition(wallClockNanosecondsPerCall > 0, "The deadline must be positive: \(wallClockNanosecondsPerCall)")
        self.memoryBytes = memoryBytes
        self.instructionsPerCall = instructionsPerCall
        self.wallClockNanosecondsPerCall = wallClockNanosecondsPerCall
        self.maxValueDepth = maxValueDepth
        self.maxValueEntries = maxValueEntries
    }
}
