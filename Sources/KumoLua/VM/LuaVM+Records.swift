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
        try pushReference(function)
        try pushReference(first)
        try pushReference(second)
        try pushReference(third)
        try pushReference(fourth)
        var arguments = LuaScalarArguments(L: L)
        pushArguments(&arguments)
        guard arguments.overflowed == false else { throw failure(status: LUA_ERRMEM) }
        try protectedCall(arguments: arguments.count + 4, results: 1, restoringTo: top)
        return try read(at: -1)
    }
}
