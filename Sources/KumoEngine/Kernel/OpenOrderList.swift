public import KumoCore

/// The ids of open orders in submission order, each with its symbol, so matching a bar skips
/// other symbols' orders without a lookup.
struct OpenOrderList: Sequence {
    private(set) var ids: [ClientOrderID] = []
    private(set) var symbols: [Symbol] = []

    var count: Int { ids.count }
    var isEmpty: Bool { ids.isEmpty }

    subscript(index: Int) -> ClientOrderID { ids[index] }

    mutating func append(_ order: Order) {
        ids.append(order.id)
        symbols.append(order.symbol)
    }

    /// Keeps the entries `isKept` says yes to, in order.
    mutating func removeAll(where isRemoved: (ClientOrderID) -> Bool) {
        var keptIDs: [ClientOrderID] = []
        var keptSymbols: [Symbol] = []
        keptIDs.reserveCapacity(ids.count)
        keptSymbols.reserveCapacity(ids.count)
        for (id, symbol) in zip(ids, symbols) where !isRemoved(id) {
            keptIDs.append(id)
            keptSymbols.append(symbol)
        }
        ids = keptIDs
        symbols = keptSymbols
    }

    func makeIterator() -> IndexingIterator<[ClientOrderID]> { ids.makeIterator() }
}
