import Foundation
public import KumoLive
import Logging

/// Checks the alert rules between events (at most every `interval` seconds: the rules read every
/// order) and sends each alert to the log, the stream's `alerts` topic and the configured sinks.
public final class AlertDispatcher {
    let monitor: AlertMonitor
    let sender: AlertSender
    let hub: StreamHub
    let logger = Logger(label: "kumo.alerts")
    let interval: Double
    var lastCheck = Date.distantPast

    public init(rules: AlertRules, hub: StreamHub, interval: Double = 0.5) {
        let logger = Logger(label: "kumo.alerts")
        monitor = AlertMonitor(rules: rules)
        sender = AlertSender(rules: rules) { problem in logger.warning("\(problem)") }
        self.hub = hub
        self.interval = interval
    }

    /// Call on the engine thread, between events.
    public func check(_ engine: LiveEngine) {
        let now = Date()
        guard now.timeIntervalSince(lastCheck) >= interval else { return }
        lastCheck = now
        for alert in monitor.check(engine, now: now) {
            let line = AlertSender.text(alert)
            if alert.state == .firing { logger.critical("\(line)", metadata: ["alert": "\(alert.key)"]) } else { logger.notice("\(line)", metadata: ["alert": "\(alert.key)"]) }
            hub.publish("alerts", ["key": alert.key, "state": alert.state.rawValue, "message": alert.message, "repeat": alert.isRepeat])
            sender.send(alert, at: now)
        }
    }
}
