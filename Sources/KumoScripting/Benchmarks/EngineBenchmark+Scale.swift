import Foundation
import KumoCore
import KumoEngine

extension EngineBenchmark {
    /// The Lua strategy over ``bars`` bars made as they are replayed (``StreamingDailyBars``),
    /// nothing held but the engine's working state (closed orders and fills are not retained): one point of the scaling figures, which
    /// `kumo bench engine` runs in a process of its own so the peak memory it reads is this run's.
    /// - Returns: bars per second.
    public func streamedLuaBarsPerSecond() throws -> Double {
        let stream = StreamingDailyBars(bars: bars)
        // Closed orders and fills are not kept: memory is the engine's working state only.
        var configuration = EngineConfiguration()
        configuration.retainsHistory = false
        return try withStrategyFile { file in
            Double(stream.count) / (try Self.seconds { try Self.replayLua(stream, file: file, roots: roots, configuration: configuration) })
        }
    }

    /// Writes ``luaStrategy`` to a temporary file for `body`, removed after.
    func withStrategyFile<T>(_ body: (URL) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-bench-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }  // a leftover temporary folder is harmless
        let file = folder.appendingPathComponent("cross.lua")
        try Self.luaStrategy.write(to: file, atomically: true, encoding: .utf8)
        return try body(file)
    }
}
