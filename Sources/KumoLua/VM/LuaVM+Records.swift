import CLua
import CLuaShim

extension LuaVM {
    /// Makes a table with `fields` and keeps it in the registry: a record the host refills for
    /// each call (a strategy's bar), so a per-event callback builds no table.
    public func makeRecord(_ fields: LuaTable) throws(LuaScriptError) -> LuaReference {
        let top = lua_gettop(L)
        try push([.table(fields)])
        do throws(LuaScriptError) { return try keepTop() } catch {
            lua_settop(L, top)
            throw error
        }
    }

    /// Calls `function(first, second, third, scalars…)` with the scalars `pushArguments` writes,
    /// allocating nothing to pass them; returns the first result. A Lua trampoline that refills
    /// a record from the scalars and calls a handler with it takes this path once per bar.
    @discardableResult
    public func call(
        _ function: LuaReference, references first: LuaReference, _ second: LuaReference, _ third: LuaReference,
        arguments pushArguments: (inout LuaScalarArguments) -> Void
    ) throws(LuaScriptError) -> LuaValue {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try pushReference(function)
        try pushReference(first)
        try pushReference(second)
        try pushReference(third)
        var arguments = LuaScalarArguments(L: L)
        pushArguments(&arguments)
        guard arguments.overflowed == false else { throw failure(status: LUA_ERRMEM) }
        try protectedCall(arguments: arguments.count + 3, results: 1, restoringTo: top)
        return try read(at: -1)
    }
}
