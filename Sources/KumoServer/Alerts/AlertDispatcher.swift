import Foundation
public import KumoLive
import Logging

/// Checks the alert rules between events (at most every `interval` seconds: the rules read every
/// order) and sends each alert to the log, the stream's `alerts` topic, the ``AlertLog`` and the
/// configured sinks.
public final class AlertDispatcher {
    let monitor: AlertMonitor
    let sender: AlertSender
    let hub: StreamHub
    let log: AlertLog
    let logger = Logger(label: "kumo.alerts")
    let interval: Double
    var lastCheck = Date.distantPast

    public init(rules: AlertRules, hub: StreamHub, log: AlertLog = AlertLog(), interval: Double = 0.5) {
        self.log = log
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
            let entry: [String: any Sendable] = [
                "key": alert.key, "state": alert.state.rawValue, "message": alert.message, "repeat": alert.isRepeat, "time": ISO8601DateFormatter().string(from: now),
            ]
            log.append(entry)
            hub.publish("alerts", entry)
            sender.send(alert, at: now)
        }
    }
}
