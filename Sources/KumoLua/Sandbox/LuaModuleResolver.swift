/// Finds the source of a module for `require`; the sandbox decides nothing else about it.
///
/// Implementations confine names to the folders a script may load from (KumoScripting's
/// `ScriptModuleResolver` serves `stdlib/`, `plugins/` and the script's own folder).
public protocol LuaModuleResolver: AnyObject {
    /// Returns the source of module `name` (a dotted name such as `kumo.ta`), or throws why not.
    func source(ofModule name: String) throws(LuaModuleError) -> LuaModuleSource
}

/// A module's Lua source and the chunk name its errors will show.
public struct LuaModuleSource: Sendable, Hashable {
    public var source: String
    /// A readable path such as `stdlib/kumo/ta.lua`.
    public var chunkName: String

    public init(source: String, chunkName: String) {
        self.source = source
        self.chunkName = chunkName
    }
}

/// Why a module could not be loaded; the message reaches the script as its `require` error.
public struct LuaModuleError: Error, Sendable, Hashable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// One line a script printed, with the `chunk:line` it printed from.
public struct LuaPrintedLine: Sendable, Hashable {
    public var text: String
    public var location: String

    public init(text: String, location: String) {
        self.text = text
        self.location = location
    }
}
