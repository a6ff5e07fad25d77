import Foundation
internal import CLua
internal import CLuaShim

/// A sandboxed Lua 5.4 state owned by Swift: its own heap under a memory cap, a budget for each
/// call, the allow-listed library, and host functions bound in by ``LuaLibrary`` declarations.
///
/// A VM is not thread-safe: drive it from one thread at a time, with a large stack
/// (``LuaThread``). Every failure of a script, including a limit, comes back as a
/// ``LuaScriptError``; the VM stays usable.
public final class LuaVM: @unchecked Sendable {
    // @unchecked Sendable: a VM is driven by one thread at a time. It may be built on one thread
    // and handed whole to another (a hot reload compiles in a fresh VM that the engine swaps in);
    // nothing in it is ever touched by two threads at once, and KumoLua holds no shared state.

    let state: UnsafeMutablePointer<kumo_vm>
    let host: LuaHostState
    /// The limits this VM was created with.
    public let limits: LuaLimits

    var L: OpaquePointer { state.pointee.L }

    /// Creates a VM with the sandboxed library.
    /// - Parameters:
    ///   - limits: the memory cap and the per-call budget.
    ///   - randomSeed: the seed of `math.random`, so a backtest replays identically.
    ///   - modules: what `require` may load; `nil` leaves `require` failing with a clear error.
    ///   - output: receives what the script prints, rate-limited per call.
    public init(
        limits: LuaLimits = LuaLimits(), randomSeed: Int64 = 0, modules: (any LuaModuleResolver)? = nil,
        output: (@Sendable (LuaPrintedLine) -> Void)? = nil
    ) throws(LuaScriptError) {
        guard let state = kumo_vm_new(limits.memoryBytes, luaDispatch) else {
            throw LuaScriptError(kind: .memoryLimit, message: "sandbox: cannot create a Lua state")
        }
        self.state = state
        self.limits = limits
        self.host = LuaHostState(modules: modules, output: output)
        state.pointee.host = Unmanaged.passUnretained(host).toOpaque()
        state.pointee.resolver = luaResolveModule
        state.pointee.print_sink = luaPrintSink
        let status = kumo_sandbox_open(state, randomSeed)
        if status != LUA_OK {
            let message = topString() ?? "unknown error"
            kumo_vm_close(state)
            throw LuaScriptError(kind: .memoryLimit, message: "sandbox: cannot open the library: \(message)")
        }
    }

    deinit {
        kumo_vm_close(state)
    }

    /// The bytes the VM's heap holds now.
    public var memoryInUse: Int { state.pointee.mem_used }
    /// The most bytes the VM's heap has held.
    public var peakMemory: Int { state.pointee.mem_peak }
    /// Bytes of `print` output dropped in the last call because of the per-call print budget.
    public var droppedOutputBytes: Int { state.pointee.print_dropped }

    /// The time `os.time()` reports to scripts, in seconds since 1970 (UTC); `nil` for the real
    /// clock. Backtests set the simulated time so a script cannot tell replay from live.
    public var scriptTime: Double? {
        get { state.pointee.host_now.isNaN ? nil : state.pointee.host_now }
        set { state.pointee.host_now = newValue ?? .nan }
    }

    /// Runs a full garbage collection.
    public func collectGarbage() { kumo_collect(L) }

    /// Makes a fresh global environment for a chunk: the sandboxed globals, private to it.
    public func makeEnvironment() throws(LuaScriptError) -> LuaReference {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        guard kumo_new_env(L) == LUA_OK else { throw failure(status: LUA_ERRMEM) }
        return try keepTop()
    }

    /// Compiles a text chunk (binary chunks are refused) whose globals are `environment`.
    /// - Parameter chunkName: the name errors and tracebacks show, such as `strategies/sma.lua`.
    /// - Returns: the compiled chunk, ready for ``call(_:_:leading:)``.
    public func load(_ source: String, chunkName: String, environment: LuaReference) throws(LuaScriptError)
        -> LuaReference
    {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try pushReference(environment)
        var source = source
        let status = source.withUTF8 { text in
            text.withMemoryRebound(to: CChar.self) { chars in
                kumo_load_text(L, chars.baseAddress, chars.count, "@" + chunkName, -1)
            }
        }
        guard status == LUA_OK else { throw failure(status: status) }
        return try keepTop()
    }

    /// Releases a reference; the value may then be collected.
    public func release(_ reference: LuaReference) {
        guard reference.vmIdentifier == ObjectIdentifier(self) else { return }
        kumo_unref(L, reference.id)
    }

    // MARK: - Stack helpers shared by the extensions

    /// The refusal of a reference kept by another VM (its number means nothing here).
    static let foreignReference = LuaScriptError(kind: .refused, message: "sandbox: a reference from another VM was used")

    func pushReference(_ reference: LuaReference) throws(LuaScriptError) {
        guard reference.vmIdentifier == ObjectIdentifier(self) else { throw Self.foreignReference }
        guard lua_checkstack(L, 1) != 0 else { throw failure(status: LUA_ERRMEM) }
        lua_rawgeti(L, kumo_registryindex(), lua_Integer(reference.id))
    }

    /// Pops the value on top into the registry and returns its reference.
    func keepTop() throws(LuaScriptError) -> LuaReference {
        let id = kumo_ref(L)  // LUA_REFNIL stands for nil and pushes nil back: a valid reference
        guard id != LUA_NOREF else {
            throw LuaScriptError(kind: .memoryLimit, message: "sandbox: memory limit exceeded")
        }
        return LuaReference(id: id, vmIdentifier: ObjectIdentifier(self))
    }

    func topString() -> String? {
        guard lua_type(L, -1) == LUA_TSTRING else { return nil }
        var length = 0
        guard let chars = lua_tolstring(L, -1, &length) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: chars, count: length), as: UTF8.self)
    }

    /// Builds the error for a failed status, reading the message left on top of the stack.
    func failure(status: Int32) -> LuaScriptError {
        let text = topString() ?? "(error object is not a string)"
        var message = text
        var traceback: String?
        if let range = text.range(of: "\nstack traceback:\n") {
            message = String(text[..<range.lowerBound])
            traceback = String(text[range.upperBound...])
        }
        let kill = state.pointee.killed
        let kind: LuaScriptError.Kind
        switch kill {
        case Int32(KUMO_KILL_INSTRUCTIONS.rawValue): kind = .instructionBudget
        case Int32(KUMO_KILL_DEADLINE.rawValue): kind = .timeBudget
        case Int32(KUMO_KILL_MEMORY.rawValue): kind = .memoryLimit
        default:
            switch status {
            case LUA_ERRSYNTAX: kind = .syntax
            case LUA_ERRMEM: kind = .memoryLimit
            default: kind = .runtime
            }
        }
        if kind.isKill, !message.contains(kind.limitMessage) {
            message = "\(kind.limitMessage): \(message)"
        }
        return LuaScriptError(kind: kind, message: message, traceback: traceback)
    }
}

extension LuaScriptError.Kind {
    var isKill: Bool { [.instructionBudget, .timeBudget, .memoryLimit].contains(self) }

    var limitMessage: String {
        switch self {
        case .instructionBudget: "sandbox: instruction budget exceeded"
        case .timeBudget: "sandbox: time budget exceeded"
        case .memoryLimit: "sandbox: memory limit exceeded"
        default: ""
        }
    }
}
