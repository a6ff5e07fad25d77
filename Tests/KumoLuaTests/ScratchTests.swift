import Foundation
import Testing
import KumoLua

struct ScratchTests {
    @Test func printAll() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Hostile")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".lua") }.sorted()
        for file in files {
            let source = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            let start = Date()
            let report = try LuaThread.run { try HostileHarness.run(source, name: file) }
            print(String(format: "%@\t%@\t[%.2fs mem %d peak %d]", file, report.outcome, Date().timeIntervalSince(start), report.memoryAfter, report.peakMemory))
        }
    }
}
