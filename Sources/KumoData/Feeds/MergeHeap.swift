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

    /// The first stream moved on to an item at `time`, or ran out when `time` is nil. (A hole
    /// sifted down through the buffer: one move a level, no swaps, no per-access checks; this is
    /// most of a replay's own cost.)
    mutating func advanceFirst(to time: Int64?) {
        var moving = items[0]
        if let time {
            moving.time = time
        } else {
            moving = items.removeLast()
            if items.isEmpty { return }
        }
        items.withUnsafeMutableBufferPointer { heap in
            let count = heap.count
            var parent = 0
            while true {
                var child = 2 * parent + 1
                guard child < count else { break }
                if child + 1 < count, Self.precedes(heap[child + 1], heap[child]) { child += 1 }
                guard Self.precedes(heap[child], moving) else { break }
                heap[parent] = heap[child]
                parent = child
            }
            heap[parent] = moving
        }
    }
}
