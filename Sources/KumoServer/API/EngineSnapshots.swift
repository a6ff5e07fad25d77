public import Foundation
import KumoEngine
public import KumoLive
import Synchronization

/// The hot reads (account, positions, open orders) as JSON made on the engine thread and served
/// from here, so a flood of reads costs the engine nothing: they are remade between events at
/// most every `interval` seconds, and at once after any request the engine thread ran, so a
/// client sees its own order or halt in the next read.
public final class EngineSnapshots: Sendable {
    let bodies = Mutex<[String: Data]>([:])
    let madeAt = Mutex<Double>(-.infinity)
    let interval: Double

    public init(interval: Double = 0.05) { self.interval = interval }

    /// Remakes the bodies when `interval` has passed (or `force`); call on the engine thread.
    public func refresh(_ engine: LiveEngine, now: Double = Double(DispatchTime.now().uptimeNanoseconds) / 1e9, force: Bool = false) {
        guard force || now - madeAt.withLock({ $0 }) >= interval else { return }
        madeAt.withLock { $0 = now }
        let made: [String: Data] = [
            "account": APIReply.json(EngineViews.account(engine)).body, "positions": APIReply.json(EngineViews.positions(engine)).body,
            "orders": APIReply.json(engine.kernel.openOrders().map(EngineViews.order)).body,
        ]
        bodies.withLock { $0 = made }
    }

    /// The latest body of `name`, if one was made.
    func body(_ name: String) -> Data? { bodies.withLock { $0[name] } }
}
