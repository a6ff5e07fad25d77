public import Foundation
public import KumoLua

/// Serves `require` for one script: dotted names map to files under `stdlib/`, `plugins/` and
/// the script's own folder, and nowhere else (no `..`, no absolute paths, no symlinks out).
///
/// It records each file it served, so a hot reload knows which scripts depend on a changed file.
public final class ScriptModuleResolver: LuaModuleResolver, @unchecked Sendable {
    // @unchecked Sendable: used by the one VM it serves, on that VM's thread; `loadedFiles` is
    // read by the loader after the load finished on that same thread.

    /// The largest module file served.
    public static let maxModuleBytes = 1 << 20

    private let searchFolders: [URL]
    /// Files served so far, by module name.
    public private(set) var loadedFiles: [String: URL] = [:]

    /// Creates a resolver for a script living in `scriptFolder` (nil for none).
    public init(roots: ScriptRoots, scriptFolder: URL?) {
        var folders = [roots.stdlib, roots.plugins]
        if let scriptFolder { folders.append(scriptFolder.standardizedFileURL.resolvingSymlinksInPath()) }
        searchFolders = folders
    }

    public func source(ofModule name: String) throws(LuaModuleError) -> LuaModuleSource {
        guard Self.isValidName(name) else {
            throw LuaModuleError("invalid module name '\(name.prefix(80))': use a dotted Lua name like 'kumo.ta'")
        }
        let relative = name.replacingOccurrences(of: ".", with: "/")
        var looked: [String] = []
        for folder in searchFolders {
            for candidate in [relative + ".lua", relative + "/init.lua"] {
                let file = folder.appendingPathComponent(candidate)
                looked.append(Self.display(file))
                guard FileManager.default.fileExists(atPath: file.path) else { continue }
                let real = file.resolvingSymlinksInPath()
                guard real.path.hasPrefix(folder.path + "/") else {
                    throw LuaModuleError("module '\(name)' resolves outside \(Self.display(folder)) (a symlink?)")
                }
                let source = try Self.readSource(real, module: name)
                loadedFiles[name] = real
                return LuaModuleSource(source: source, chunkName: Self.display(real))
            }
        }
        throw LuaModuleError("module '\(name)' not found; looked in " + looked.joined(separator: ", "))
    }

    /// Whether `name` is a dotted Lua identifier path of at most 128 characters.
    public static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 128 else { return false }
        return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            guard let first = part.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
            return part.utf8.allSatisfy { $0 == UInt8(ascii: "_") || isLetter($0) || (48...57).contains($0) }
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) }

    /// Reads a Lua source file: UTF-8 text under the size limit, never a precompiled chunk.
    static func readSource(_ file: URL, module: String) throws(LuaModuleError) -> String {
        guard let data = try? Data(contentsOf: file) else {
            throw LuaModuleError("module '\(module)': cannot read \(display(file))")
        }
        guard data.count <= maxModuleBytes else {
            throw LuaModuleError("module '\(module)': \(display(file)) is \(data.count) bytes, over the \(maxModuleBytes)-byte limit")
        }
        guard data.first != 0x1B, let text = String(data: data, encoding: .utf8) else {
            throw LuaModuleError("module '\(module)': \(display(file)) is not UTF-8 Lua source (binary chunks are refused)")
        }
        return text
    }

    /// A path relative to the current folder when it lies below it, for messages and chunk names.
    public static func display(_ file: URL) -> String {
        let cwd = FileManager.default.currentDirectoryPath
        let path = file.standardizedFileURL.path
        return path.hasPrefix(cwd + "/") ? String(path.dropFirst(cwd.count + 1)) : path
    }
}
