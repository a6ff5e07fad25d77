public import CoreMetrics

/// What the running engine measures as it goes, through swift-metrics: events, each strategy's
/// `on_bar` latency, journal commits, reloads, broker reconnections and the connection's state,
/// model inference latency. The composition root hands in the factory (Prometheus, for the API's
/// `/metrics`); without one the engine measures nothing and reads no clock for it.
public final class EngineMetrics: @unchecked Sendable {
    // @unchecked Sendable: the dictionaries are filled and read on the engine thread only; the
    // swift-metrics handles are themselves thread-safe.
    public let factory: any MetricsFactory
    let events: Counter
    let journalCommit: CoreMetrics.Timer
    let reloadsApplied: Counter
    let reloadsFailed: Counter
    let brokerReconnects: Counter
    let brokerConnected: Gauge
    private var onBar: [String: CoreMetrics.Timer] = [:]
    private var inference: [String: CoreMetrics.Timer] = [:]

    /// The `on_bar` and journal histograms' buckets in seconds: 10 µs to 100 ms.
    public static let latencyBuckets: [Double] = [1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 2.5e-2, 5e-2, 0.1]

    public init(factory: any MetricsFactory) {
        self.factory = factory
        events = Counter(label: "kumo_events_total", factory: factory)
        journalCommit = CoreMetrics.Timer(label: "kumo_journal_commit_seconds", factory: factory)
        reloadsApplied = Counter(label: "kumo_reloads_total", dimensions: [("outcome", "applied")], factory: factory)
        reloadsFailed = Counter(label: "kumo_reloads_total", dimensions: [("outcome", "failed")], factory: factory)
        brokerReconnects = Counter(label: "kumo_broker_reconnects_total", factory: factory)
        brokerConnected = Gauge(label: "kumo_broker_connected", factory: factory)
    }

    func onBarTimer(_ strategy: String) -> CoreMetrics.Timer {
        if let timer = onBar[strategy] { return timer }
        let timer = CoreMetrics.Timer(label: "kumo_on_bar_seconds", dimensions: [("strategy", strategy)], factory: factory)
        onBar[strategy] = timer
        return timer
    }

    func inferenceTimer(_ model: String) -> CoreMetrics.Timer {
        if let timer = inference[model] { return timer }
        let timer = CoreMetrics.Timer(label: "kumo_model_inference_seconds", dimensions: [("model", model)], factory: factory)
        inference[model] = timer
        return timer
    }
}
