/// Holds a slot for the reloader's registry. The slot is touched only on the engine thread
/// (register and applyPending run there); the box only lets the registry be Sendable.
final class SlotBox: @unchecked Sendable {
    let slot: StrategySlot
    init(_ slot: StrategySlot) { self.slot = slot }
}
