public import Foundation
import KumoCore
import KumoEngine

extension EngineBenchmark {
    /// The Lua strategy over ``bars`` bars made as they are replayed (``StreamingDailyBars``),
    /// nothing held but the engine's working state (closed orders and fills are not retained):
    /// one point of the scaling figures, which `kumo bench engine` runs in a process of its own
    /// so the peak memory it reads is this run's.
    /// - Returns: bars per second.
    public func streamedLuaBarsPerSecond() throws -> Double {
        let stream = StreamingDailyBars(bars: bars)
        var configuration = EngineConfiguration()
        configuration.retainsHistory = false
        return try Self.withStrategyFile { file in
            Double(stream.count) / (try Self.seconds { try Self.replayLua(stream, file: file, roots: roots, configuration: configuration) })
        }
    }

    /// The most memory this process has held resident (the kernel's `VmHWM`), in bytes; 0 where
    /// the kernel does not say. Read by the process itself: a parent's view of a child it spawned
    /// counts the parent's own pages the child shared before it ran its program.
    public static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            case let fields = line.split(separator: " ", omittingEmptySubsequences: true), fields.count == 3, fields[2] == "kB",
            let kib = Int(fields[1])
        else { return 0 }
        return kib * 1024
    }

    /// Writes ``luaStrategy`` (the benchmark SMA cross, parameters `fast` and `slow`) to a
    /// temporary file for `body`, removed after.
    public static func withStrategyFile<T>(_ body: (URL) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-bench-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }  // a leftover temporary folder is harmless
        let file = folder.appendingPathComponent("cross.lua")
        try Self.luaStrategy.write(to: file, atomically: true, encoding: .utf8)
        return try body(file)
    }
}
