public import KumoCore

/// One bar of one symbol, as a feed delivers it to the engine.
public struct SymbolBar: Sendable, Hashable {
    public var symbol: Symbol
    public var bar: Bar

    public init(symbol: Symbol, bar: Bar) {
        self.symbol = symbol
        self.bar = bar
    }
}

/// Merges many symbols' time-ordered bars into one stream in time order (k-way merge on a
/// binary heap: O(log k) per bar). Bars with equal times come in the order the symbols were
/// given, so a replay is deterministic.
public struct ReplayMerger: Sequence, IteratorProtocol, Sendable {
    private let series: [(symbol: Symbol, bars: [Bar])]
    private var positions: [Int]
    /// Heap of series indices, ordered by (time of their next bar, index).
    private var heap: [Int] = []

    public init(_ series: [(symbol: Symbol, bars: [Bar])]) {
        self.series = series
        positions = Array(repeating: 0, count: series.count)
        for index in series.indices where !series[index].bars.isEmpty { push(index) }
    }

    @inline(__always) private func precedes(_ a: Int, _ b: Int) -> Bool {
        let ta = series[a].bars[positions[a]].time
        let tb = series[b].bars[positions[b]].time
        return ta < tb || (ta == tb && a < b)
    }

    private mutating func push(_ index: Int) {
        heap.append(index)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown() {
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var best = left
            if left + 1 < heap.count, precedes(heap[left + 1], heap[left]) { best = left + 1 }
            guard precedes(heap[best], heap[parent]) else { return }
            heap.swapAt(best, parent)
            parent = best
        }
    }

    public mutating func next() -> SymbolBar? {
        guard let index = heap.first else { return nil }
        let entry = series[index]
        let bar = entry.bars[positions[index]]
        positions[index] += 1
        if positions[index] == entry.bars.count {
            heap[0] = heap[heap.count - 1]
            heap.removeLast()
        }
        if !heap.isEmpty { siftDown() }
        return SymbolBar(symbol: entry.symbol, bar: bar)
    }
}
