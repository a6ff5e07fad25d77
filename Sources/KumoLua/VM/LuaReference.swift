/// A Lua value held in a VM's registry so the host can reach it again: a strategy's handler
/// functions, its module table, the `ctx` object.
///
/// A reference belongs to the VM that made it and stays valid until ``LuaVM/release(_:)``
/// or until that VM closes.
public struct LuaReference: Sendable, Hashable {
    let id: Int32
    let vmIdentifier: ObjectIdentifier
}
