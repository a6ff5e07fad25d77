public import Foundation
public import Logging
import KumoScripting

/// The live engine's structured log: JSON lines (time, level, label, message, metadata) in a file,
/// one logger per strategy (`kumo.strategy.NAME`) and one for the engine. What a script logs or
/// prints arrives with its level and its `script` and `location` (`file:line`).
public final class JSONLinesLogHandler: LogHandler, @unchecked Sendable {
    // @unchecked Sendable: writes are serialised by the shared file's lock.
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    let label: String
    let file: LogFile

    public final class LogFile: @unchecked Sendable {
        // @unchecked Sendable: one handle behind a lock.
        let lock = NSLock()
        let handle: FileHandle?

        public init(path: String) {
            FileManager.default.createFile(atPath: path, contents: nil)
            handle = FileHandle(forWritingAtPath: path)
            handle?.seekToEndOfFile()
        }

        func write(_ line: Data) { lock.withLock { handle?.write(line) } }
    }

    public init(label: String, file: LogFile) {
        self.label = label
        self.file = file
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: [String: Any] = [
            "time": ISO8601DateFormatter().string(from: Date()), "level": event.level.rawValue, "label": label, "message": event.message.description,
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { object[key] = value.description }
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        data.append(0x0A)
        file.write(data)
    }
}

/// Strategy services for the live engine: the kernel's clock, and script log lines sent to the
/// strategy's logger with their level, script and location.
final class LiveServices: StrategyServices, @unchecked Sendable {
    // @unchecked Sendable: used on the engine thread (and the reloader's compile, before it runs).
    let logger: Logger
    var clock: () -> Double = { Date().timeIntervalSince1970 }

    init(strategy: String) { logger = Logger(label: "kumo.strategy.\(strategy)") }

    func now() -> Double { clock() }

    func log(_ entry: ScriptLogEntry) {
        let level: Logger.Level = switch entry.level {
        case .debug: .debug
        case .info: .info
        case .warning: .warning
        case .error: .error
        }
        logger.log(level: level, "\(entry.message)", metadata: ["script": "\(entry.script)", "location": "\(entry.location)"])
    }
}
