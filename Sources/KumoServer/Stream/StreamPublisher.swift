import Foundation
import KumoCore
import KumoEngine
public import KumoLive

/// Watches the engine between events and publishes what changed: new fills and log lines as they
/// happen, open orders and positions when they change, and equity each time ``EquityHistory``
/// samples it. Runs on the engine thread; costs a few comparisons when nothing changed.
public final class StreamPublisher {
    let hub: StreamHub
    let history: EquityHistory
    var fillsSeen = 0
    var logSeen = 0
    var lastOrders: [String] = []
    var lastPositions: [String: Int64] = [:]
    var subscriptionsSeen = 0

    public init(hub: StreamHub, history: EquityHistory) {
        self.hub = hub
        self.history = history
    }

    /// Publishes the changes since the last call; call between events on the engine thread.
    public func publish(_ engine: LiveEngine) {
        let subscriptions = hub.subscriptionCount
        let resend = subscriptions != subscriptionsSeen
        subscriptionsSeen = subscriptions
        let sampled = history.sample(engine, force: resend)
        guard hub.clientCount > 0 else {
            fillsSeen = engine.kernel.fills.count
            logSeen = engine.log.count
            return
        }
        let kernel = engine.kernel
        if kernel.fills.count > fillsSeen {
            for fill in EngineViews.fills(engine, limit: kernel.fills.count - fillsSeen) { hub.publish("fills", fill) }
            fillsSeen = kernel.fills.count
        }
        if engine.log.count > logSeen {
            for line in engine.log[logSeen...] { hub.publish("log", ["message": line]) }
            logSeen = engine.log.count
        }
        if hub.hasSubscribers("orders") {
            let open = kernel.openOrders()
            let signature = open.map { "\($0.id.value):\($0.status.rawValue):\($0.filledQuantity)" }
            if resend || signature != lastOrders {
                lastOrders = signature
                hub.publish("orders", open.map(EngineViews.order))
            }
        }
        if hub.hasSubscribers("positions") {
            var held: [String: Int64] = [:]
            for (symbol, position) in kernel.portfolio.positions where position.quantity != 0 { held[symbol.code] = position.quantity }
            if resend || held != lastPositions {
                lastPositions = held
                hub.publish("positions", EngineViews.positions(engine))
            }
        }
        if let sampled, hub.hasSubscribers("equity") {
            var tick = EquityHistory.json(sampled)
            tick["cash"] = kernel.portfolio.cash.doubleValue
            tick["peak"] = history.peak
            hub.publish("equity", tick)
        }
    }
}
