import Foundation
import KumoCore
import KumoEngine
import KumoLive

/// The engine's state in Prometheus' text exposition format (version 0.0.4), read on the
/// engine thread: events, equity, cash, fills, orders by state, rejects by rule, halt, and per
/// strategy its failures and whether it is enabled.
enum PrometheusText {
    static func render(_ engine: LiveEngine) -> String {
        let kernel = engine.kernel
        var lines: [String] = []
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: Double)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for sample in samples { lines.append("\(name)\(sample.labels.isEmpty ? "" : "{\(sample.labels)}") \(format(sample.value))") }
        }
        metric("kumo_events_total", "counter", "Market events the engine has handled.", [("", Double(kernel.eventIndex))])
        metric("kumo_equity", "gauge", "Account equity, positions at their last closes.", [("", kernel.equity)])
        metric("kumo_cash", "gauge", "Account cash.", [("", kernel.portfolio.cash.doubleValue)])
        metric("kumo_fills_total", "counter", "Fills booked.", [("", Double(kernel.fills.count))])
        let byState = Dictionary(grouping: kernel.orders.values, by: \.status.rawValue).mapValues(\.count)
        metric("kumo_orders", "gauge", "Orders by state.", byState.keys.sorted().map { ("state=\"\(escape($0))\"", Double(byState[$0]!)) })
        let rejected = kernel.orders.values.filter { $0.status == .rejected }
        let byRule = Dictionary(grouping: rejected, by: { $0.rejectionRule ?? "other" }).mapValues(\.count)
        metric("kumo_rejects_total", "counter", "Rejected orders by rule.", byRule.keys.sorted().map { ("rule=\"\(escape($0))\"", Double(byRule[$0]!)) })
        metric("kumo_halted", "gauge", "1 while new strategy orders are halted.", [("", kernel.haltReason == nil ? 0 : 1)])
        let states = engine.strategyStates
        metric("kumo_strategy_failures_total", "counter", "Script failures per strategy.", states.map { ("strategy=\"\(escape($0.name))\"", Double($0.failures)) })
        metric("kumo_strategy_enabled", "gauge", "1 when the strategy receives events.", states.map { ("strategy=\"\(escape($0.name))\"", $0.enabled ? 1 : 0) })
        metric("kumo_reloads_total", "counter", "Hot reloads attempted.", [("", Double(engine.reloadAttempts))])
        return lines.joined(separator: "\n") + "\n"
    }

    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
    }

    /// A label value with backslash, quote and newline escaped.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
