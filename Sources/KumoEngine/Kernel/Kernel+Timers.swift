public import KumoCore

/// A timer a strategy set: it fires `on_timer` when engine time reaches `due`, and again every
/// `interval` when repeating.
public struct EngineTimer: Sendable, Hashable {
    public var strategy: String
    public var name: String
    public var due: Timestamp
    /// Nanoseconds between firings of a repeating timer.
    public var interval: Int64?
    /// Ties between timers due at one time go in the order they were set.
    var sequence: Int
}

extension Kernel {
    /// Sets (or resets) timer `name` of `strategy` to fire `seconds` of engine time from now, and
    /// every `seconds` after when `repeating`. Returns why not, or nil.
    @discardableResult
    public func setTimer(strategy: String, name: String, after seconds: Double, repeating: Bool = false) -> String? {
        guard seconds.isFinite, seconds > 0, seconds < 366 * 86_400 else { return "a timer's delay must be between 0 and a year of seconds, not \(seconds)" }
        guard !name.isEmpty else { return "a timer needs a name" }
        let interval = Int64((seconds * 1e9).rounded())
        let (due, overflow) = now.nanoseconds.addingReportingOverflow(interval)
        guard !overflow else { return "the timer would fire past the year 2262" }
        timers.removeAll { $0.strategy == strategy && $0.name == name }
        sequence += 1
        timers.append(EngineTimer(strategy: strategy, name: name, due: Timestamp(nanoseconds: due), interval: repeating ? interval : nil, sequence: sequence))
        return nil
    }

    /// Cancels timer `name` of `strategy`; false when it was not set.
    @discardableResult
    public func cancelTimer(strategy: String, name: String) -> Bool {
        let before = timers.count
        timers.removeAll { $0.strategy == strategy && $0.name == name }
        return timers.count < before
    }

    /// Fires, in time order, every timer due before `time` (or at it, when `inclusive`), moving the
    /// clock to each; a repeating timer is set again for its next time.
    public func fireTimers(until time: Timestamp, inclusive: Bool, strategies: [any EngineStrategy]) {
        while let next = timers.indices.filter({ inclusive ? timers[$0].due <= time : timers[$0].due < time })
            .min(by: { (timers[$0].due, timers[$0].sequence) < (timers[$1].due, timers[$1].sequence) })
        {
            let timer = timers[next]
            if let interval = timer.interval {
                sequence += 1
                timers[next].due = Timestamp(nanoseconds: timer.due.nanoseconds &+ interval)
                timers[next].sequence = sequence
            } else {
                timers.remove(at: next)
            }
            now = max(now, timer.due)
            let owners = strategies.filter { $0.name == timer.strategy }
            dispatch(owners, .timer(timer.name, timer.due))
        }
    }
}
