internal import CLua

/// Pushes numbers, booleans and nil as call arguments: values whose push cannot allocate, so no
/// protected call is needed and no Swift array is built.
public struct LuaScalarArguments: ~Copyable {
    let L: OpaquePointer
    private(set) var count: Int32 = 0
    private(set) var overflowed = false

    init(L: OpaquePointer) { self.L = L }

    private mutating func reserve() -> Bool {
        guard !overflowed, lua_checkstack(L, 1) != 0 else {
            overflowed = true
            return false
        }
        count += 1
        return true
    }

    /// Pushes a float.
    public mutating func push(_ number: Double) {
        if reserve() { lua_pushnumber(L, number) }
    }

    /// Pushes an integer.
    public mutating func push(_ integer: Int64) {
        if reserve() { lua_pushinteger(L, lua_Integer(integer)) }
    }

    /// Pushes a boolean.
    public mutating func push(_ flag: Bool) {
        if reserve() { lua_pushboolean(L, flag ? 1 : 0) }
    }

    /// Pushes nil.
    public mutating func pushNil() {
        if reserve() { lua_pushnil(L) }
    }

    /// Pushes a scalar LuaValue; anything else is a programming error.
    public mutating func push(_ value: LuaValue) {
        switch value {
        case .nil: pushNil()
        case .boolean(let flag): push(flag)
        case .integer(let integer): push(integer)
        case .number(let number): push(number)
        default: preconditionFailure("LuaScalarArguments takes numbers, booleans and nil only, not \(value.typeName)")
        }
    }
}
