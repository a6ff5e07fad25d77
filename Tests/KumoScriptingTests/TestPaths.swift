import Foundation
import KumoScripting

/// Where the tests find the project's folders and the shared reference data.
enum TestPaths {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let project = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let roots = ScriptRoots(project: project)
    static let hostile = testsFolder.appendingPathComponent("Hostile")
    static let specs = testsFolder.appendingPathComponent("LuaSpecs")
    static let strategies = project.appendingPathComponent("strategies")
    /// `../shared` beside the clone: reference numbers from other libraries.
    static let shared = project.deletingLastPathComponent().appendingPathComponent("shared")

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
