/// Holds calls to at most `limit` in any rolling second (KIS counts calls per second per app key).
public struct CallRateLimiter: Sendable {
    public let limit: Int
    /// Start times of the calls of the last second, oldest first (a ring of `limit` slots).
    private var starts: [Double]
    private var next = 0

    /// - Parameter callsPerSecond: KIS's 18 (real) or 1 (paper), or what the account is allowed.
    public init(callsPerSecond: Double) {
        precondition(callsPerSecond > 0, "A call rate must be positive, not \(callsPerSecond)")
        limit = max(1, Int(callsPerSecond.rounded(.down)))
        starts = Array(repeating: -.infinity, count: limit)
        self.interval = callsPerSecond < 1 ? 1 / callsPerSecond : 1
    }

    /// The window one `limit` of calls must fit in: a second, or longer below one call a second.
    private let interval: Double

    /// How long to wait at `now` (seconds on a monotonic clock) before the next call may start.
    public func delay(at now: Double) -> Double { max(0, starts[next] + interval - now) }

    /// Records a call starting at `now`.
    public mutating func record(at now: Double) {
        starts[next] = now
        next = (next + 1) % limit
    }
}
