internal import CLua
internal import CLuaShim

extension LuaVM {
    /// Pushes values: scalars directly (they cannot raise), anything that allocates through one
    /// protected program, so a memory error can never longjmp across Swift frames.
    func push(_ values: [LuaValue]) throws(LuaScriptError) {
        guard lua_checkstack(L, Int32(values.count) + 4) != 0 else { throw failure(status: LUA_ERRMEM) }
        if values.allSatisfy(\.isScalar) {
            for value in values { pushScalar(value) }
            return
        }
        // One program kept by the VM and reused: no buffers are allocated per call.
        host.pushProgram.reset()
        for value in values { try host.pushProgram.encode(value, depth: 0, limits: limits) }
        let status = host.pushProgram.run(on: L, results: Int32(values.count))
        guard status == LUA_OK else { throw failure(status: status) }
    }

    func pushScalar(_ value: LuaValue) {
        switch value {
        case .boolean(let flag): lua_pushboolean(L, flag ? 1 : 0)
        case .integer(let number): lua_pushinteger(L, lua_Integer(number))
        case .number(let number): lua_pushnumber(L, number)
        default: lua_pushnil(L)
        }
    }

    /// Reads the value at `index` with raw accesses only: no metamethod of the script runs.
    func read(at index: Int32) throws(LuaScriptError) -> LuaValue {
        var entries = 0
        return try read(at: lua_absindex(L, index), depth: 0, entries: &entries)
    }

    private func read(at index: Int32, depth: Int, entries: inout Int) throws(LuaScriptError) -> LuaValue {
        switch lua_type(L, index) {
        case LUA_TNIL, LUA_TNONE: return .nil
        case LUA_TBOOLEAN: return .boolean(lua_toboolean(L, index) != 0)
        case LUA_TNUMBER:
            if lua_isinteger(L, index) != 0 { return .integer(Int64(lua_tointegerx(L, index, nil))) }
            return .number(lua_tonumberx(L, index, nil))
        case LUA_TSTRING:
            var length = 0
            let chars = lua_tolstring(L, index, &length)
            let bytes = UnsafeRawBufferPointer(start: chars, count: length)
            if let text = String(validating: bytes, as: UTF8.self) { return .string(text) }
            return .bytes(Array(bytes))
        case LUA_TTABLE: return try readTable(at: index, depth: depth, entries: &entries)
        case LUA_TFUNCTION: return .function
        default: return .opaque(String(cString: lua_typename(L, lua_type(L, index))))
        }
    }

    private func readTable(at index: Int32, depth: Int, entries: inout Int) throws(LuaScriptError) -> LuaValue {
        guard depth < limits.maxValueDepth else {
            throw LuaScriptError(
                kind: .refused, message: "sandbox: table nested deeper than \(limits.maxValueDepth) levels (or cyclic)")
        }
        guard lua_checkstack(L, 4) != 0 else { throw failure(status: LUA_ERRMEM) }
        var integerKeyed: [Int64: LuaValue] = [:]
        var fields: [LuaTable.Field] = []
        lua_pushnil(L)  // stack: … nil
        while lua_next(L, index) != 0 {  // stack: … key value
            entries += 1
            guard entries <= limits.maxValueEntries else {
                lua_settop(L, -3)
                throw LuaScriptError(
                    kind: .refused, message: "sandbox: table has more than \(limits.maxValueEntries) entries")
            }
            let key: LuaValue
            let value: LuaValue
            do throws(LuaScriptError) {
                key = lua_type(L, -2) == LUA_TTABLE ? .opaque("table") : try read(at: lua_absindex(L, -2), depth: depth + 1, entries: &entries)
                value = try read(at: lua_absindex(L, -1), depth: depth + 1, entries: &entries)
            } catch {
                lua_settop(L, -3)
                throw error
            }
            lua_settop(L, -2)  // stack: … key
            if case .integer(let position) = key { integerKeyed[position] = value } else {
                fields.append(LuaTable.Field(key: key, value: value))
            }
        }
        var array: [LuaValue] = []
        var position: Int64 = 1
        while let value = integerKeyed.removeValue(forKey: position) {
            array.append(value)
            position += 1
        }
        fields += integerKeyed.map { LuaTable.Field(key: .integer($0.key), value: $0.value) }
        return .table(LuaTable(array: array, fields: fields))
    }
}

extension LuaValue {
    /// Whether pushing the value allocates nothing (so it cannot raise a memory error).
    var isScalar: Bool {
        switch self {
        case .nil, .boolean, .integer, .number: true
        default: false
        }
    }
}

/// A flat list of push operations for `kumo_push_ops`, with the bytes of every string in one
/// buffer so their addresses stay valid while the C side runs.
struct LuaPushProgram {
    private var ops: [kumo_op] = []
    private var bytes: [UInt8] = []
    private var stringSlices: [(op: Int, offset: Int, count: Int)] = []

    mutating func encode(_ value: LuaValue, depth: Int, limits: LuaLimits) throws(LuaScriptError) {
        guard depth < limits.maxValueDepth else {
            throw LuaScriptError(
                kind: .refused, message: "sandbox: value nested deeper than \(limits.maxValueDepth) levels")
        }
        switch value {
        case .nil, .function, .opaque: append(KUMO_OP_NIL)
        case .boolean(let flag): append(flag ? KUMO_OP_TRUE : KUMO_OP_FALSE)
        case .integer(let number): append(KUMO_OP_INTEGER, integer: number)
        case .number(let number): append(KUMO_OP_NUMBER, number: number)
        case .string(let text): appendString(text.utf8)
        case .bytes(let raw): appendString(raw)
        case .table(let table):
            append(KUMO_OP_TABLE, integer: Int64(table.array.count), length: table.fields.count)
            for (offset, item) in table.array.enumerated() {
                try encode(item, depth: depth + 1, limits: limits)
                append(KUMO_OP_APPEND, integer: Int64(offset + 1))
            }
            for field in table.fields where field.value != .nil {
                try encode(field.key, depth: depth + 1, limits: limits)
                try encode(field.value, depth: depth + 1, limits: limits)
                append(KUMO_OP_SET)
            }
        }
    }

    /// Appends a raw `t[k] = v` of the key and value encoded just before.
    mutating func appendSet() { append(KUMO_OP_SET) }

    /// Appends a push of a registry reference (a host object such as `ctx`).
    mutating func appendReference(_ reference: LuaReference) {
        append(KUMO_OP_REF, integer: Int64(reference.id))
    }

    private mutating func append(_ code: kumo_op_code, integer: Int64 = 0, number: Double = 0, length: Int = 0) {
        ops.append(kumo_op(code: Int32(code.rawValue), integer: integer, number: number, string: nil, length: length))
    }

    private mutating func appendString(_ raw: some Collection<UInt8>) {
        stringSlices.append((ops.count, bytes.count, raw.count))
        append(KUMO_OP_STRING, length: raw.count)
        bytes.append(contentsOf: raw)
    }

    /// Empties the program, keeping its buffers for the next call.
    mutating func reset() {
        ops.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        stringSlices.removeAll(keepingCapacity: true)
    }

    /// Runs the program protected; returns the Lua status.
    mutating func run(on L: OpaquePointer, results: Int32) -> Int32 {
        if bytes.isEmpty { bytes.append(0) }
        return bytes.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            for slice in stringSlices { ops[slice.op].string = base + slice.offset }
            return ops.withUnsafeBufferPointer { program in
                kumo_push_ops(L, program.baseAddress, program.count, results)
            }
        }
    }
}
