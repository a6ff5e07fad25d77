public import Foundation
import KumoEngine
import KumoModels

/// Watches a running engine for the conditions of ``AlertRules`` between events. An alert fires
/// once when its condition starts, is sent again every `resend_every` seconds while it lasts, and
/// is resolved once when it ends: one key per rule and subject, so nothing floods.
public final class AlertMonitor {
    /// One message for the operator.
    public struct Alert: Sendable, Equatable {
        public enum State: String, Sendable { case firing, resolved }
        /// The rule and its subject, such as `drawdown` or `quarantined:sma_cross`.
        public var key: String
        public var state: State
        public var message: String
        /// Sent before and still active (not the first time).
        public var isRepeat: Bool
    }

    public let rules: AlertRules
    var active: [String: Date] = [:]
    var peak = -Double.infinity
    /// Drift is worked out at most every `driftInterval` seconds (PSI reads every kept live value).
    public var driftInterval: Double = 10
    var lastDriftCheck = Date.distantPast
    var driftConditions: [String: String] = [:]

    public init(rules: AlertRules) { self.rules = rules }

    /// The alerts to send now; call on the engine thread.
    public func check(_ engine: LiveEngine, now: Date = Date()) -> [Alert] {
        var conditions: [String: String] = [:]
        let kernel = engine.kernel
        let equity = kernel.equity
        peak = max(peak, equity)
        if let limit = rules.maxDrawdown, peak > 0, 1 - equity / peak > limit {
            conditions["drawdown"] = String(format: "drawdown %.2f%% from the peak %.0f is over %.2f%% (equity %.0f)", (1 - equity / peak) * 100, peak, limit * 100, equity)
        }
        if let limit = rules.maxDailyLoss, kernel.dayStartEquity - equity > limit {
            conditions["daily_loss"] = String(format: "today's loss %.0f is over %.0f (equity %.0f, day start %.0f)", kernel.dayStartEquity - equity, limit, equity, kernel.dayStartEquity)
        }
        if let limit = rules.maxRejectRate {
            let orders = kernel.orders.count
            let rejected = kernel.orders.values.count { $0.status == .rejected }
            if orders >= rules.minOrders, Double(rejected) / Double(orders) > limit {
                conditions["reject_rate"] = String(format: "%d of %d orders rejected (%.0f%%, limit %.0f%%)", rejected, orders, Double(rejected) / Double(orders) * 100, limit * 100)
            }
        }
        if let limit = rules.feedSilent, now.timeIntervalSince(engine.lastEventAt) > limit {
            conditions["feed_silent"] = String(format: "no market event for %.0f s (limit %.0f s)", now.timeIntervalSince(engine.lastEventAt), limit)
        }
        if let limit = rules.brokerDisconnected, let since = engine.brokerDownSince, now.timeIntervalSince(since) >= limit {
            conditions["broker_disconnected"] = String(format: "the broker's real-time session has been down for %.0f s", now.timeIntervalSince(since))
        }
        if let limit = rules.modelDrift, let models = engine.models {
            if now.timeIntervalSince(lastDriftCheck) >= driftInterval {
                lastDriftCheck = now
                driftConditions = [:]
                for name in models.names {
                    guard let (stability, _) = models.drift(name) else { continue }
                    let drifted = stability.filter { $0.value > limit }.sorted { $0.value > $1.value }
                    guard !drifted.isEmpty else { continue }
                    let list = drifted.map { String(format: "%@ %.3f", $0.key, $0.value) }.joined(separator: ", ")
                    driftConditions["model_drift:\(name)"] = "model \(name) drifted from its training data (PSI over \(limit)): \(list)"
                }
            }
            conditions.merge(driftConditions) { first, _ in first }
        }
        if rules.strategyQuarantined {
            for state in engine.strategyStates where state.health.hasPrefix("quarantined") {
                conditions["quarantined:\(state.name)"] = "strategy \(state.name) is quarantined after \(state.failures) failures: \(state.health)"
            }
        }
        var alerts: [Alert] = []
        for key in conditions.keys.sorted() {
            if let sent = active[key] {
                guard now.timeIntervalSince(sent) >= rules.resendEvery else { continue }
                alerts.append(Alert(key: key, state: .firing, message: conditions[key]!, isRepeat: true))
            } else {
                alerts.append(Alert(key: key, state: .firing, message: conditions[key]!, isRepeat: false))
            }
            active[key] = now
        }
        for key in active.keys.sorted() where conditions[key] == nil {
            active[key] = nil
            alerts.append(Alert(key: key, state: .resolved, message: "\(key) is over", isRepeat: false))
        }
        return alerts
    }
}
