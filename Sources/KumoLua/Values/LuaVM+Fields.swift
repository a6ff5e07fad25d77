internal import CLua
internal import CLuaShim

extension LuaVM {
    /// Returns a copy of the value a reference holds.
    public func value(of reference: LuaReference) throws(LuaScriptError) -> LuaValue {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try pushReference(reference)
        return try read(at: -1)
    }

    /// Returns `table[key]` read raw (no metamethod runs), or `.nil` when the reference is not a table.
    public func field(_ key: String, of table: LuaReference) throws(LuaScriptError) -> LuaValue {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        guard try pushField(key, of: table) else { return .nil }
        return try read(at: -1)
    }

    /// Returns a reference to the function at `table[key]` (raw), or `nil` when that is not a function.
    public func functionReference(_ key: String, in table: LuaReference) throws(LuaScriptError) -> LuaReference? {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        guard try pushField(key, of: table), lua_type(L, -1) == LUA_TFUNCTION else { return nil }
        return try keepTop()
    }

    /// Returns a reference to the table at `table[key]` (raw), or nil when that is not a table.
    public func tableReference(_ key: String, in table: LuaReference) throws(LuaScriptError) -> LuaReference? {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        guard try pushField(key, of: table), lua_type(L, -1) == LUA_TTABLE else { return nil }
        return try keepTop()
    }

    /// Returns the line where the function a reference holds was defined, from Lua's debug info.
    public func definitionLine(of function: LuaReference) throws(LuaScriptError) -> Int? {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try pushReference(function)
        guard lua_type(L, -1) == LUA_TFUNCTION else { return nil }
        var info = lua_Debug()
        guard lua_getinfo(L, ">S", &info) != 0, info.linedefined > 0 else { return nil }
        return Int(info.linedefined)
    }

    /// Sets `table[key] = value` raw (no metamethod runs); false when `table` is not a table.
    @discardableResult
    public func setField(_ key: String, to value: LuaValue, in table: LuaReference) throws(LuaScriptError) -> Bool {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try pushReference(table)
        guard lua_type(L, -1) == LUA_TTABLE else { return false }
        lua_settop(L, top)
        var program = LuaPushProgram()  // the set may grow the table: it runs protected like every allocation
        program.appendReference(table)
        try program.encode(.string(key), depth: 1, limits: limits)
        try program.encode(value, depth: 1, limits: limits)
        program.appendSet()
        let status = program.run(on: L, results: 1)
        guard status == LUA_OK else { throw failure(status: status) }
        return true
    }

    /// Pushes `table[key]` read raw; false (nothing pushed) when `table` is not a table.
    private func pushField(_ key: String, of table: LuaReference) throws(LuaScriptError) -> Bool {
        try pushReference(table)
        guard lua_type(L, -1) == LUA_TTABLE else { return false }
        try push([.string(key)])
        lua_rawget(L, -2)
        return true
    }
}
