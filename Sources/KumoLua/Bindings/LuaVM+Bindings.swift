internal import CLua
internal import CLuaShim

/// A bound function's closure, kept alive by its VM; the C trampoline reaches it through a light
/// userdata upvalue.
final class LuaCallbackBox {
    /// The name errors use, such as `kumo.Context:sma`.
    let name: String
    /// Set once, right after the box is made (the closure reaches the box through the frame).
    var invoke: (OpaquePointer) -> Int32 = { _ in 0 }
    init(name: String) { self.name = name }
}

extension LuaVM {
    /// Builds a read-only table holding `library`'s functions bound to `host` and returns it.
    /// Lua sees methods as `object:name(...)`; the table cannot be modified or have its metatable read.
    public func makeObject<Host>(_ library: LuaLibrary<Host>, host: Host) throws(LuaScriptError) -> LuaReference {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        var fields: [(String, LuaReference)] = []
        defer { for (_, reference) in fields { release(reference) } }
        for function in library.functions {
            fields.append((function.name, try makeFunction(function, host: host, owner: library.name)))
        }
        return try makeTable(fields, frozenAs: library.name)
    }

    /// Builds a table from references (nested objects, functions), optionally read-only.
    public func makeTable(_ fields: [(String, LuaReference)], frozenAs name: String? = nil) throws(LuaScriptError)
        -> LuaReference
    {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        var program = LuaPushProgram()
        try program.encode(.table(LuaTable()), depth: 0, limits: limits)
        for (key, reference) in fields {
            guard reference.vmIdentifier == ObjectIdentifier(self) else { throw Self.foreignReference }
            try program.encode(.string(key), depth: 1, limits: limits)
            program.appendReference(reference)
            program.appendSet()
        }
        let status = program.run(on: L, results: 1)
        guard status == LUA_OK else { throw failure(status: status) }
        if let name {
            let frozen = name.withCString { kumo_freeze(L, $0) }
            guard frozen == LUA_OK else { throw failure(status: frozen) }
        }
        return try keepTop()
    }

    /// Makes `value` a global of every environment made from now on, and of `environment` if given.
    /// Tables given with `frozen` become read-only to scripts.
    public func setGlobal(_ name: String, _ value: LuaReference, in environment: LuaReference? = nil, frozen: Bool = true)
        throws(LuaScriptError)
    {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        if let environment { try pushReference(environment) }
        try pushReference(value)
        let status = name.withCString { kumo_set_global(L, $0, environment == nil ? 0 : -2, frozen ? 1 : 0) }
        guard status == LUA_OK else { throw failure(status: status) }
    }

    /// Makes a plain value (a number, a table of settings) a global, as ``setGlobal(_:_:in:frozen:)``.
    public func setGlobal(_ name: String, value: LuaValue, in environment: LuaReference? = nil) throws(LuaScriptError) {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try push([value])
        let reference = try keepTop()
        defer { release(reference) }
        try setGlobal(name, reference, in: environment, frozen: false)
    }

    private func makeFunction<Host>(_ function: LuaFunction<Host>, host: Host, owner: String) throws(LuaScriptError)
        -> LuaReference
    {
        let offset: Int32 = function.isMethod ? 1 : 0
        let qualified = owner + (function.isMethod ? ":" : ".") + function.name
        let body = function.body
        let box = LuaCallbackBox(name: qualified)
        // Unowned and unretained: the VM keeps its boxes, and only its own Lua calls them; the
        // per-call path then makes no reference-count traffic for the VM, the box or the name.
        box.invoke = { [unowned(unsafe) self, unowned(unsafe) box] L in
            if offset == 1, lua_type(L, 1) != LUA_TTABLE {
                return self.raise(L, "calling '\(qualified)' needs a colon: object:\(function.name)(...)")
            }
            let frame = LuaCallFrame(L: L, offset: offset, vm: self, box: box)
            do {
                return try body(host, frame).count
            } catch let error as LuaCallError {
                return self.raise(L, error.message)
            } catch {
                return self.raise(L, "\(qualified): \(error)")
            }
        }
        host_keep(box)
        let status = kumo_push_swift_function(L, Unmanaged.passUnretained(box).toOpaque())
        guard status == LUA_OK else { throw failure(status: status) }
        return try keepTop()
    }

    private func host_keep(_ box: LuaCallbackBox) { host.callbacks.append(box) }

    /// Leaves the message on the stack for the trampoline to raise at the caller's line.
    private func raise(_ L: OpaquePointer, _ message: String) -> Int32 {
        var message = message
        let status = message.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { kumo_push_string(L, $0.baseAddress, $0.count) }
        }
        return status == LUA_OK ? KUMO_CALLBACK_ERROR_WHERE : KUMO_CALLBACK_ERROR
    }
}
