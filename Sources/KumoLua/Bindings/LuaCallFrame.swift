internal import CLua
internal import CLuaShim

/// The arguments of one call from Lua into a bound Swift function, read without running any
/// script code, and the place its results go.
///
/// Argument positions count from 1 as in Lua; for a method (`ctx:name(...)`) position 1 is the
/// first argument after the object.
public struct LuaCallFrame: ~Copyable {
    let L: OpaquePointer
    let offset: Int32
    /// The VM and the bound function's box, neither retained: both outlive the call.
    unowned(unsafe) let vm: LuaVM
    unowned(unsafe) let box: LuaCallbackBox

    /// The name errors use, such as `ctx:log` or `kumo.log.info`.
    public var functionName: String { box.name }

    /// The number of arguments passed.
    public var count: Int { Int(lua_gettop(L) - offset) }

    /// Returns argument `position` copied into Swift (`.nil` when absent).
    public func value(_ position: Int) throws(LuaCallError) -> LuaValue {
        do { return try vm.read(at: Int32(position) + offset) } catch { throw LuaCallError(error.message) }
    }

    /// Returns argument `position` as a number (integer or float).
    public func number(_ position: Int) throws(LuaCallError) -> Double {
        let index = Int32(position) + offset
        guard lua_type(L, index) == LUA_TNUMBER else { throw bad(position, "number") }
        return lua_tonumberx(L, index, nil)
    }

    /// Returns argument `position` as an integer; a float with an integral value is accepted.
    public func integer(_ position: Int) throws(LuaCallError) -> Int64 {
        let index = Int32(position) + offset
        guard lua_type(L, index) == LUA_TNUMBER else { throw bad(position, "integer") }
        var isInteger: Int32 = 0
        let value = lua_tointegerx(L, index, &isInteger)
        guard isInteger != 0 else {
            throw LuaCallError.invalidArgument(position, of: functionName, "number has no integer representation")
        }
        return Int64(value)
    }

    /// Returns argument `position` as a string (numbers are not converted).
    public func string(_ position: Int) throws(LuaCallError) -> String {
        let index = Int32(position) + offset
        guard lua_type(L, index) == LUA_TSTRING else { throw bad(position, "string") }
        var length = 0
        let chars = lua_tolstring(L, index, &length)
        return String(decoding: UnsafeRawBufferPointer(start: chars, count: length), as: UTF8.self)
    }

    /// Argument `position`'s identity when it is a short string, else nil. Lua keeps one copy of
    /// each string of up to 40 bytes, so in one VM equal short strings share an identity: a host
    /// caches work by it without reading the text, once ``keepString(_:)`` made sure the string
    /// outlives the cache (a collected string's memory could hold other text later).
    public func shortStringIdentity(_ position: Int) -> UInt? {
        let index = Int32(position) + offset
        guard lua_type(L, index) == LUA_TSTRING else { return nil }
        var length = 0
        let chars = lua_tolstring(L, index, &length)
        guard length <= Self.longestShortString else { return nil }
        return UInt(bitPattern: chars)
    }

    /// Lua 5.4's `LUAI_MAXSHORTLEN`: longer strings are not interned.
    static let longestShortString = 40

    /// Keeps the string (or any value) at `position` alive as long as the VM; false when the VM
    /// had no memory left for it.
    public func keepString(_ position: Int) -> Bool {
        guard lua_checkstack(L, 2) != 0 else { return false }
        lua_pushvalue(L, Int32(position) + offset)
        return kumo_ref(L) != LUA_NOREF
    }

    /// Returns argument `position` as a boolean (any value: Lua truthiness).
    public func boolean(_ position: Int) -> Bool { lua_toboolean(L, Int32(position) + offset) != 0 }

    /// Whether argument `position` is absent or nil.
    public func isNil(_ position: Int) -> Bool { lua_type(L, Int32(position) + offset) <= LUA_TNIL }

    /// Returns argument `position` as a table copied into Swift.
    public func table(_ position: Int) throws(LuaCallError) -> LuaTable {
        guard lua_type(L, Int32(position) + offset) == LUA_TTABLE else { throw bad(position, "table") }
        guard case .table(let table) = try value(position) else { throw bad(position, "table") }
        return table
    }

    /// Returns a reference to the function at field `key` of the table argument `position`
    /// (read raw), or nil when that field is not a function; the reference outlives the call.
    public func functionField(_ position: Int, _ key: String) throws(LuaCallError) -> LuaReference? {
        let index = lua_absindex(L, Int32(position) + offset)
        guard lua_type(L, index) == LUA_TTABLE else { throw bad(position, "table") }
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        do {
            try vm.push([.string(key)])
            lua_rawget(L, index)
            guard lua_type(L, -1) == LUA_TFUNCTION else { return nil }
            return try vm.keepTop()
        } catch {
            throw LuaCallError(error.message)
        }
    }

    /// The `chunk:line` of the Lua code that made this call, such as `strategies/sma.lua:14`.
    public var callerLocation: String {
        var info = lua_Debug()
        guard lua_getstack(L, 1, &info) != 0, lua_getinfo(L, "Sl", &info) != 0 else { return "" }
        let source = withUnsafeBytes(of: info.short_src) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return info.currentline > 0 ? "\(source):\(info.currentline)" : source
    }

    /// Returns nothing to Lua.
    public func returnNothing() -> LuaReturn { LuaReturn(count: 0) }

    /// Pushes results; scalars directly, anything else through a protected program.
    public func returning(_ values: LuaValue...) throws(LuaCallError) -> LuaReturn {
        do { try vm.push(values) } catch { throw LuaCallError(error.message) }
        return LuaReturn(count: Int32(values.count))
    }

    /// Returns one number: the cheapest result (no allocation).
    public func returning(number: Double) -> LuaReturn {
        lua_pushnumber(L, number)
        return LuaReturn(count: 1)
    }

    /// Returns one number, or nil when there is none (an indicator still warming up).
    public func returning(optionalNumber: Double?) -> LuaReturn {
        if let optionalNumber { lua_pushnumber(L, optionalNumber) } else { lua_pushnil(L) }
        return LuaReturn(count: 1)
    }

    private func bad(_ position: Int, _ expected: String) -> LuaCallError {
        let index = Int32(position) + offset
        let got = lua_type(L, index) == LUA_TNONE ? "no value" : String(cString: lua_typename(L, lua_type(L, index)))
        return .badArgument(position, of: functionName, expected: expected, got: got)
    }
}

/// How many results a bound function left for Lua; made only by ``LuaCallFrame``.
public struct LuaReturn: Sendable {
    let count: Int32
}
