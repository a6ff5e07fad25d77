/// A binary min-heap of streams keyed by the time of each stream's next item, ties by the
/// stream's index: the merge step of a k-way replay, O(log k) per item, deterministic.
struct MergeHeap {
    private var items: [(time: Int64, index: Int)] = []

    /// The stream whose next item comes first.
    var first: Int? { items.first?.index }

    @inline(__always) private static func precedes(_ a: (time: Int64, index: Int), _ b: (time: Int64, index: Int)) -> Bool {
        a.time < b.time || (a.time == b.time && a.index < b.index)
    }

    mutating func push(_ index: Int, time: Int64) {
        items.append((time, index))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.precedes(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    /// The first stream moved on to an item at `time`, or ran out when `time` is nil.
    mutating func advanceFirst(to time: Int64?) {
        if let time {
            items[0].time = time
        } else {
            items[0] = items[items.count - 1]
            items.removeLast()
        }
        var parent = 0
        while true {
            let left = 2 * parent + 1
            guard left < items.count else { return }
            var best = left
            if left + 1 < items.count, Self.precedes(items[left + 1], items[left]) { best = left + 1 }
            guard Self.precedes(items[best], items[parent]) else { return }
            items.swapAt(best, parent)
            parent = best
        }
    }
}
