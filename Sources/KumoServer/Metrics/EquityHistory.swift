public import Foundation
import KumoCore
import KumoEngine
public import KumoLive

/// The account's equity sampled between events (at most every `interval` seconds of wall time),
/// with its running peak and drawdown: the P&L route's curve, the dashboard's charts and the
/// drawdown metric. When full, every other point is dropped, so a long run keeps its whole shape.
public final class EquityHistory: @unchecked Sendable {
    // @unchecked Sendable: sampled and read on the engine thread only (through the gate).
    public struct Point: Sendable {
        /// The feed's time (KST) and the event count when sampled.
        public var time: String
        public var events: Int
        public var equity: Double
        /// Fraction below the peak so far.
        public var drawdown: Double
    }

    public private(set) var points: [Point] = []
    public private(set) var peak = -Double.infinity
    let capacity: Int
    let interval: Double
    var lastAt = -Double.infinity

    public init(capacity: Int = 4_000, interval: Double = 0.25) {
        self.capacity = capacity
        self.interval = interval
    }

    /// Takes a point when `interval` has passed since the last (or `force`); returns it when taken.
    @discardableResult
    public func sample(_ engine: LiveEngine, now: Double = Date().timeIntervalSince1970, force: Bool = false) -> Point? {
        guard force || now - lastAt >= interval else { return nil }
        lastAt = now
        let equity = engine.kernel.equity
        peak = max(peak, equity)
        let point = Point(time: engine.kernel.now.kst, events: engine.kernel.eventIndex, equity: equity, drawdown: peak > 0 ? max(0, 1 - equity / peak) : 0)
        if points.count >= capacity { points = points.enumerated().filter { $0.offset % 2 == 1 }.map(\.element) }
        points.append(point)
        return point
    }

    /// The deepest drawdown among the samples.
    public var maxDrawdown: Double { points.map(\.drawdown).max() ?? 0 }

    static func json(_ point: Point) -> [String: Any] {
        ["time": point.time, "events": point.events, "equity": point.equity, "drawdown": point.drawdown]
    }
}
