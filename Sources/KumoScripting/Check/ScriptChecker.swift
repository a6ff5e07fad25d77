public import Foundation
import KumoLua

/// The linter a trader runs before deploying (`kumo check`): forbidden APIs found in the source,
/// then the script loaded in the sandbox (syntax, load-time errors, limits) and its contract
/// validated. Plugins (folders with a `manifest.json`) are checked through the plugin loader.
public struct ScriptChecker: Sendable {
    /// One finding, printed as `file:line: severity: message`.
    public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
        public enum Severity: String, Sendable, Hashable { case error, warning }
        public var severity: Severity
        public var file: String
        public var line: Int?
        public var message: String

        public var description: String {
            let place = line.map { "\(file):\($0)" } ?? file
            return "\(place): \(severity.rawValue): \(message)"
        }
    }

    public var loader: StrategyLoader

    public init(loader: StrategyLoader) { self.loader = loader }

    /// Lists the scripts a path names: a `.lua` file, a plugin folder, or every `.lua` file below a folder.
    public static func scripts(at path: URL) -> [URL] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isFolder) else { return [path] }
        guard isFolder.boolValue else { return [path] }
        if FileManager.default.fileExists(atPath: path.appendingPathComponent(PluginManifest.fileName).path) { return [path] }
        let files = FileManager.default.enumerator(at: path, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }
            .filter { $0.pathExtension == "lua" && !$0.pathComponents.contains("_meta") } ?? []
        return files.sorted { $0.path < $1.path }
    }

    /// Checks one strategy file or plugin folder. Run it on a ``LuaThread``.
    public func check(_ path: URL) -> [Diagnostic] {
        let display = ScriptModuleResolver.display(path)
        if FileManager.default.fileExists(atPath: path.appendingPathComponent(PluginManifest.fileName).path) {
            return checkPlugin(path, display: display)
        }
        guard FileManager.default.fileExists(atPath: path.path) else {
            return [Diagnostic(severity: .error, file: display, line: nil, message: "no such file")]
        }
        let source: String
        do throws(LuaModuleError) {
            source = try ScriptModuleResolver.readSource(path, module: display)
        } catch {
            return [Diagnostic(severity: .error, file: display, line: nil, message: error.message)]
        }
        var diagnostics = ForbiddenAPIScanner.scan(source).map {
            Diagnostic(severity: .error, file: display, line: $0.line, message: "forbidden API '\($0.api)': \($0.reason)")
        }
        do throws(StrategyLoadError) {
            let strategy = try loader.load(source: source, file: path, services: RecordingServices())
            diagnostics += strategy.definition.warnings.map {
                Diagnostic(severity: .warning, file: display, line: nil, message: $0)
            }
        } catch {
            diagnostics.append(Diagnostic(severity: .error, file: error.file, line: error.line, message: Self.describe(error)))
        }
        return diagnostics
    }

    private func checkPlugin(_ folder: URL, display: String) -> [Diagnostic] {
        let host = PluginHost(roots: loader.roots, limits: loader.limits)
        do throws(StrategyLoadError) {
            _ = try host.load(folder)
            return []
        } catch {
            return [Diagnostic(severity: .error, file: error.file, line: error.line, message: Self.describe(error))]
        }
    }

    static func describe(_ error: StrategyLoadError) -> String {
        switch error.kind {
        case .syntax: "syntax error: \(error.message)"
        case .limit: "stopped by a sandbox limit while loading: \(error.message)"
        case .runtime: "error while loading: \(error.message)"
        case .contract: "contract: \(error.message)"
        case .forbidden: "forbidden: \(error.message)"
        case .manifest: "manifest: \(error.message)"
        case .unreadable: error.message
        }
    }
}
