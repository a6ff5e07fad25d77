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
    /// Series indices, ordered by (time of their next bar, index).
    private var heap = MergeHeap()

    public init(_ series: [(symbol: Symbol, bars: [Bar])]) {
        self.series = series
        positions = Array(repeating: 0, count: series.count)
        for (index, entry) in series.enumerated() {
            if let first = entry.bars.first { heap.push(index, time: first.time.nanoseconds) }
        }
    }

    public mutating func next() -> SymbolBar? {
        guard let index = heap.first else { return nil }
        let entry = series[index]
        let bar = entry.bars[positions[index]]
        positions[index] += 1
        heap.advanceFirst(to: positions[index] < entry.bars.count ? entry.bars[positions[index]].time.nanoseconds : nil)
        return SymbolBar(symbol: entry.symbol, bar: bar)
    }
}
