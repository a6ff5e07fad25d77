public import Foundation

/// The folders scripts may load code from: the shipped `stdlib/` and `plugins/`.
///
/// `require` resolves only inside these and the requiring strategy's own folder.
public struct ScriptRoots: Sendable, Hashable {
    public var stdlib: URL
    public var plugins: URL

    public init(stdlib: URL, plugins: URL) {
        self.stdlib = stdlib.standardizedFileURL.resolvingSymlinksInPath()
        self.plugins = plugins.standardizedFileURL.resolvingSymlinksInPath()
    }

    /// The roots of the project folder `root` (which holds `stdlib/` and `plugins/`).
    public init(project root: URL) {
        self.init(stdlib: root.appendingPathComponent("stdlib"), plugins: root.appendingPathComponent("plugins"))
    }

    /// Finds the project folder: `$KUMO_ROOT`, else the nearest folder at or above `start` that
    /// holds `stdlib/kumo/`, else the one beside the running executable's build folder.
    public static func locate(from start: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        -> ScriptRoots?
    {
        if let root = ProcessInfo.processInfo.environment["KUMO_ROOT"] {
            return ScriptRoots(project: URL(fileURLWithPath: root))
        }
        var candidates: [URL] = []
        var folder = start.standardizedFileURL
        for _ in 0..<12 {
            candidates.append(folder)
            folder.deleteLastPathComponent()
        }
        var executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        for _ in 0..<5 {
            executable.deleteLastPathComponent()
            candidates.append(executable)
        }
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("stdlib/kumo").path) {
            return ScriptRoots(project: candidate)
        }
        return nil
    }
}
