import Foundation
public import KumoLive

extension APIServer {
    /// An API wired to `engine`: a gate the requests wake the engine through, the read snapshots
    /// remade after each request and every `snapshots.interval` seconds, the stream's publisher
    /// and the metrics, all run between events. Call on the engine thread before the engine runs.
    public static func attached(
        to engine: LiveEngine, host: String, port: Int, tokens: TokenStore, hub: StreamHub = StreamHub(), alerts: AlertLog = AlertLog(),
        metrics: OperatorMetrics = OperatorMetrics(), limits: [String: RateLimiter.Limit] = Self.defaultLimits
    ) -> APIServer {
        let wakeup = engine.wakeup
        let snapshots = EngineSnapshots()
        let gate = EngineGate(wake: { wakeup.signal() }, afterJob: { snapshots.refresh($0, force: true) })
        let history = EquityHistory()
        let publisher = StreamPublisher(hub: hub, history: history)
        engine.metrics = metrics.engine
        snapshots.refresh(engine, force: true)
        engine.betweenEvents.append { [unowned engine] in
            gate.drain(engine)
            snapshots.refresh(engine)
            publisher.publish(engine)
        }
        var server = APIServer(host: host, port: port, tokens: tokens, gate: gate, hub: hub, metrics: metrics, history: history, alerts: alerts, limits: limits)
        server.snapshots = snapshots
        return server
    }
}
