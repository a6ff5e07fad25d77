import CLua
import CLuaShim

extension LuaVM {
    /// Pushes `value` and keeps it in the registry: a table the host refills for each call (a
    /// strategy's bar), or a string passed to many calls (the bar's date), made once instead of
    /// per call.
    public func keep(_ value: LuaValue) throws(LuaScriptError) -> LuaReference {
        let top = lua_gettop(L)
        try push([value])
        do throws(LuaScriptError) { return try keepTop() } catch {
            lua_settop(L, top)
            throw error
        }
    }

    /// Calls `function(first, second, third, fourth, scalars…)` with the scalars `pushArguments` writes,
    /// allocating nothing to pass them; returns the first result. A Lua trampoline that refills
    /// a record from the scalars and calls a handler with it takes this path once per bar.
    @discardableResult
    public func call(
        _ function: LuaReference, references first: LuaReference, _ second: LuaReference, _ third: LuaReference, _ fourth: LuaReference,
        arguments pushArguments: (inout LuaScalarArguments) -> Void
    ) throws(LuaScriptError) -> LuaValue {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        let mine = ObjectIdentifier(self)
        guard function.vmIdentifier == mine, first.vmIdentifier == mine, second.vmIdentifier == mine, third.vmIdentifier == mine,
            fourth.vmIdentifier == mine
        else { throw Self.foreignReference }
        // The five references in one crossing (this runs once per bar of every strategy).
        let status = withUnsafeTemporaryAllocation(of: Int32.self, capacity: 5) { ids in
            (ids[0], ids[1], ids[2], ids[3], ids[4]) = (function.id, first.id, second.id, third.id, fourth.id)
            return kumo_push_refs(L, ids.baseAddress, 5)
        }
        guard status == 0 else { throw failure(status: LUA_ERRMEM) }
        var arguments = LuaScalarArguments(L: L)
        pushArguments(&arguments)
        guard arguments.overflowed == false else { throw failure(status: LUA_ERRMEM) }
        try protectedCall(arguments: arguments.count + 4, results: 1, restoringTo: top)
        return try read(at: -1)
    }
}
