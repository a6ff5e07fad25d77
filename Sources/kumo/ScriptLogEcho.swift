import Foundation
import KumoCore
import KumoScripting

/// Writes what strategies log or print to stderr as it happens, from a level up (nil: nothing).
struct ScriptLogEcho: Sendable {
    let threshold: ScriptLogLevel?

    func write(_ line: CollectingServices.Line) {
        guard let threshold, line.entry.level >= threshold else { return }
        let entry = line.entry
        FileHandle.standardError.write(Data("[\(entry.script) \(line.time.kst) \(entry.level.rawValue) \(entry.location)] \(entry.message)\n".utf8))
    }
}
