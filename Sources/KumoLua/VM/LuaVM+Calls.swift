internal import CLua
internal import CLuaShim

extension LuaVM {
    /// Calls a function under the per-call budget and returns copies of its results.
    /// - Parameters:
    ///   - leading: references pushed before `arguments`, such as the `ctx` object of a method.
    /// - Throws: ``LuaScriptError`` with the script's message and traceback, or the limit that stopped it.
    @discardableResult
    public func call(_ function: LuaReference, _ arguments: [LuaValue] = [], leading: [LuaReference] = [])
        throws(LuaScriptError) -> [LuaValue]
    {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try invoke(function, leading: leading, arguments: arguments, results: LUA_MULTRET)
        let count = lua_gettop(L) - top
        var results: [LuaValue] = []
        results.reserveCapacity(Int(count))
        for offset in 0..<count { results.append(try read(at: top + 1 + offset)) }
        return results
    }

    /// Calls a function and keeps its first result in the registry, as for a module's table.
    public func callKeepingResult(_ function: LuaReference, _ arguments: [LuaValue] = [], leading: [LuaReference] = [])
        throws(LuaScriptError) -> LuaReference
    {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try invoke(function, leading: leading, arguments: arguments, results: 1)
        return try keepTop()
    }

    /// Calls a function with scalar arguments only, on the fast path: nothing is allocated to pass
    /// them, and only the first result is read. This is the shape of a per-bar callback.
    @discardableResult
    public func call(_ function: LuaReference, leading: LuaReference? = nil, scalars: LuaValue...)
        throws(LuaScriptError) -> LuaValue
    {
        try call(function, leading: leading) { arguments in
            for value in scalars { arguments.push(value) }
        }
    }

    /// Calls a function with the scalars `pushArguments` writes, without allocating an array for
    /// them; returns the first result. The engine's per-bar and per-tick calls take this path.
    @discardableResult
    public func call(
        _ function: LuaReference, leading: LuaReference? = nil, arguments pushArguments: (inout LuaScalarArguments) -> Void
    ) throws(LuaScriptError) -> LuaValue {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try pushReference(function)
        if let leading { try pushReference(leading) }
        var arguments = LuaScalarArguments(L: L)
        pushArguments(&arguments)
        guard arguments.overflowed == false else { throw failure(status: LUA_ERRMEM) }
        try protectedCall(arguments: arguments.count + (leading == nil ? 0 : 1), results: 1, restoringTo: top)
        return try read(at: -1)
    }

    func invoke(_ function: LuaReference, leading: [LuaReference], arguments: [LuaValue], results: Int32)
        throws(LuaScriptError)
    {
        let top = lua_gettop(L)
        do throws(LuaScriptError) {
            try pushReference(function)
            for reference in leading { try pushReference(reference) }
            try push(arguments)
        } catch {
            lua_settop(L, top)
            throw error
        }
        try protectedCall(arguments: Int32(leading.count + arguments.count), results: results, restoringTo: top)
    }

    /// Runs the prepared call under a fresh budget; on failure reclaims memory and throws.
    func protectedCall(arguments: Int32, results: Int32, restoringTo top: Int32) throws(LuaScriptError) {
        kumo_budget_begin(state, limits.instructionsPerCall, limits.wallClockNanosecondsPerCall)
        var status = kumo_pcall(L, arguments, results)
        kumo_budget_end(state)
        if status == LUA_OK, state.pointee.killed != 0 {
            // The script caught the kill (a coroutine.resume or pcall returned it) and returned: still a kill.
            lua_settop(L, top)
            _ = kumo_push_string(L, "the script caught the limit error and returned", 46)
            status = LUA_ERRRUN
        }
        guard status == LUA_OK else {
            let error = failure(status: status)
            lua_settop(L, top)
            if error.isLimit { collectGarbage() }
            throw error
        }
    }
}
