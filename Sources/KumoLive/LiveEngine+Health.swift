import KumoEngine
import Foundation
import KumoCore
import KumoScripting
import KumoLua
import Logging

extension LiveEngine {
    /// Writes to the engine's log each strategy failure since the last call (script, file:line,
    /// error, engine time) and each strategy that became quarantined, once.
    func logStrategyHealth() {
        let failures = kernel.strategyFailures
        while loggedFailures < failures.count {
            let failure = failures[loggedFailures]
            loggedFailures += 1
            var metadata: Logger.Metadata = ["script": "\(failure.strategy)", "time": "\(failure.time.kst)", "error": "\(failure.message)"]
            if let location = Self.location(of: failure.message) { metadata["location"] = "\(location)" }
            if let file = strategies.first(where: { $0.name == failure.strategy })?.slot.current.file { metadata["file"] = "\(file.path)" }
            engineLogger.error("strategy failed", metadata: metadata)
        }
        for strategy in strategies where !strategy.current.isActive && !loggedQuarantines.contains(strategy.name) && strategy.enabled {
            loggedQuarantines.insert(strategy.name)
            let health = strategy.current.strategy.health
            let last = health.lastError?.message ?? ""
            var metadata: Logger.Metadata = [
                "script": "\(strategy.name)", "file": "\(strategy.slot.current.file.path)", "failures": "\(health.consecutiveFailures)", "error": "\(last)",
            ]
            if let location = Self.location(of: last) { metadata["location"] = "\(location)" }
            engineLogger.critical("strategy quarantined: the engine stops calling it; its positions stay under the host's rules", metadata: metadata)
            note("quarantined \(strategy.name) after \(health.consecutiveFailures) failures: \(last)")
        }
    }

    /// The `chunk:line` a script error message starts with (after a `[kind] ` label).
    static func location(of message: String) -> String? {
        var text = Substring(message)
        if text.hasPrefix("["), let end = text.firstIndex(of: "]") { text = text[text.index(after: end)...].drop { $0 == " " } }
        return LuaScriptError(kind: .runtime, message: String(text)).location.map { "\($0.chunk):\($0.line)" }
    }
}

extension LiveEngine {
    /// Whether the journal can still be written (the readiness check).
    public var journalWritable: Bool { journal.writable }
}
