import CoreMetrics
import Foundation
import KumoCore
import KumoEngine
import KumoModels
public import KumoLive
public import Prometheus

/// The process's metrics for Prometheus: what the engine, the broker client and the models record
/// through swift-metrics as they run (events, `on_bar` latency per strategy, journal commits,
/// reloads, broker round trips, errors and reconnections, inference latency), and the account's
/// state set at each scrape on the engine thread (equity, drawdown, exposure, orders by state,
/// rejects by rule, fills, Lua memory per VM, drift PSI per model and input).
public final class OperatorMetrics: @unchecked Sendable {
    // @unchecked Sendable: the scrape bookkeeping is touched on the engine thread only; the
    // registry is itself thread-safe.
    public let registry = PrometheusCollectorRegistry()
    /// The factory to hand to the engine's and the broker's recorders.
    public let factory: PrometheusMetricsFactory
    public let engine: EngineMetrics
    var fillsSeen = 0
    var rejectsSeen: [String: Int] = [:]
    var lastScrape: (time: Double, events: Int)?

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        let fast = EngineMetrics.latencyBuckets.map { Duration.nanoseconds(Int64(($0 * 1e9).rounded())) }
        let slow: [Duration] = [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10)]
        factory.durationHistogramBuckets = [
            "kumo_on_bar_seconds": fast, "kumo_journal_commit_seconds": fast, "kumo_model_inference_seconds": fast + [.milliseconds(250), .milliseconds(500), .seconds(1)],
            "kumo_broker_request_seconds": slow,
        ]
        self.factory = factory
        engine = EngineMetrics(factory: factory)
    }

    func gauge(_ name: String, _ help: String, _ labels: [(String, String)] = []) -> Prometheus.Gauge {
        registry.makeGauge(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels)
    }

    func counter(_ name: String, _ help: String, _ labels: [(String, String)] = []) -> Prometheus.Counter {
        registry.makeCounter(descriptor: MetricNameDescriptor(metricName: name, unitName: "", helpText: help), labels: labels)
    }

    /// Sets the account's gauges from the engine, then renders every metric (text format 0.0.4).
    /// Call on the engine thread.
    func render(_ live: LiveEngine, history: EquityHistory) -> String {
        let kernel = live.kernel
        let now = Date().timeIntervalSince1970
        history.sample(live, now: now, force: true)
        let equity = kernel.equity
        gauge("kumo_equity", "Account equity, positions at their last prices.").set(equity)
        gauge("kumo_cash", "Account cash.").set(kernel.portfolio.cash.doubleValue)
        gauge("kumo_drawdown", "Fraction of equity below its peak (sampled between events).").set(history.points.last?.drawdown ?? 0)
        var gross = 0.0, net = 0.0
        for (symbol, position) in kernel.portfolio.positions where position.quantity != 0 {
            let value = Double(position.quantity) * (kernel.lastBars[symbol]?.close.doubleValue ?? position.averagePrice)
            gross += abs(value)
            net += value
        }
        gauge("kumo_exposure", "Position value over equity.", [("kind", "gross")]).set(equity > 0 ? gross / equity : 0)
        gauge("kumo_exposure", "Position value over equity.", [("kind", "net")]).set(equity > 0 ? net / equity : 0)
        gauge("kumo_halted", "1 while new strategy orders are halted.").set(kernel.haltReason == nil ? 0.0 : 1.0)
        var byState: [OrderStatus: Int] = [:]
        var byRule: [String: Int] = [:]
        for order in kernel.orders.values {
            byState[order.status, default: 0] += 1
            if order.status == .rejected { byRule[order.rejectionRule ?? "other", default: 0] += 1 }
        }
        for state in OrderStatus.allCases { gauge("kumo_orders", "Orders by state.", [("state", state.rawValue)]).set(Double(byState[state] ?? 0)) }
        for (rule, count) in byRule.sorted(by: { $0.key < $1.key }) {
            counter("kumo_rejects_total", "Orders rejected, by the rule that refused them.", [("rule", rule)]).increment(by: Int64(count - rejectsSeen[rule, default: 0]))
            rejectsSeen[rule] = count
        }
        counter("kumo_fills_total", "Fills booked.").increment(by: Int64(kernel.fills.count - fillsSeen))
        fillsSeen = kernel.fills.count
        if let last = lastScrape, now > last.time {
            gauge("kumo_events_per_second", "Market events handled per second since the previous scrape.").set(Double(kernel.eventIndex - last.events) / (now - last.time))
        }
        lastScrape = (now, kernel.eventIndex)
        for state in live.strategyStates {
            let labels = [("strategy", state.name)]
            gauge("kumo_lua_memory_bytes", "Bytes held by the strategy's Lua VM.", labels).set(Double(state.memory))
            gauge("kumo_strategy_enabled", "1 while the strategy receives events.", labels).set(state.enabled ? 1.0 : 0.0)
            gauge("kumo_strategy_quarantined", "1 while the strategy is quarantined.", labels).set(state.health.hasPrefix("quarantined") ? 1.0 : 0.0)
            gauge("kumo_strategy_failures", "Script failures so far.", labels).set(Double(state.failures))
        }
        if let models = live.models {
            for name in models.names {
                guard let (stability, _) = models.drift(name) else { continue }
                for (input, psi) in stability { gauge("kumo_model_drift_psi", "Population stability of live inputs and predictions against training.", [("model", name), ("input", input)]).set(psi) }
            }
        }
        return registry.emitToString()
    }
}
