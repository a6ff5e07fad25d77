import Foundation

/// Set from a signal handler's queue, read by the engine loop between events.
public final class StopSignal: @unchecked Sendable {
    // @unchecked Sendable: one flag behind a lock.
    private let lock = NSLock()
    private var stopped: String?

    public init() {}

    public func stop(_ reason: String) { lock.withLock { if stopped == nil { stopped = reason } } }

    public var reason: String? { lock.withLock { stopped } }
}
