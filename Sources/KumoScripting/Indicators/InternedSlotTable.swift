/// Indicator slots by ``InternedSlotKey``: open addressing over a power-of-two array with linear
/// probing, so the per-bar read of `ctx:sma(symbol, n)` is a multiply, a mask and a compare
/// rather than a SipHash of the key. Grows at half full; entries are only added or all cleared.
struct InternedSlotTable {
    private var keys: [InternedSlotKey?] = Array(repeating: nil, count: 16)
    private var slots: [IndicatorBook.RunnerSlot?] = Array(repeating: nil, count: 16)
    private(set) var count = 0

    private func home(_ key: InternedSlotKey) -> Int {
        // Fibonacci hashing of the string's address mixed with the period and the method.
        let mixed = (key.symbol ^ UInt(bitPattern: Int(truncatingIfNeeded: key.period) &* 0x1F1F) ^ UInt(key.method)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> 32) & (keys.count - 1)
    }

    subscript(key: InternedSlotKey) -> IndicatorBook.RunnerSlot? {
        var index = home(key)
        while let stored = keys[index] {
            if stored == key { return slots[index] }
            index = (index + 1) & (keys.count - 1)
        }
        return nil
    }

    /// Adds `slot` under `key` (a key not yet in the table).
    mutating func insert(_ slot: IndicatorBook.RunnerSlot, for key: InternedSlotKey) {
        if 2 * (count + 1) > keys.count { grow() }
        var index = home(key)
        while keys[index] != nil { index = (index + 1) & (keys.count - 1) }
        keys[index] = key
        slots[index] = slot
        count += 1
    }

    private mutating func grow() {
        let entries = zip(keys, slots).compactMap { key, slot in key.map { ($0, slot!) } }
        keys = Array(repeating: nil, count: keys.count * 2)
        slots = Array(repeating: nil, count: keys.count)
        count = 0
        for (key, slot) in entries { insert(slot, for: key) }
    }

    mutating func removeAll() { self = InternedSlotTable() }
}
