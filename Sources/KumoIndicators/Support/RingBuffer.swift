/// The last `capacity` values of a series, oldest first; the window of rolling indicators.
public struct RingBuffer: Sendable, Hashable {
    private var storage: [Double]
    private var start = 0
    public private(set) var count = 0
    public let capacity: Int

    public init(capacity: Int) {
        precondition(capacity >= 1, "A window holds at least one value, not \(capacity)")
        self.capacity = capacity
        storage = Array(repeating: 0, count: capacity)
    }

    public var isFull: Bool { count == capacity }

    /// Appends `value`; returns the value it pushed out once the window is full.
    @discardableResult
    public mutating func append(_ value: Double) -> Double? {
        if count < capacity {
            storage[(start + count) % capacity] = value
            count += 1
            return nil
        }
        let evicted = storage[start]
        storage[start] = value
        start = (start + 1) % capacity
        return evicted
    }

    /// The value `age` steps back: 0 is the newest.
    public subscript(back age: Int) -> Double {
        precondition(age >= 0 && age < count, "No value \(age) steps back in a window of \(count)")
        return storage[(start + count - 1 - age) % capacity]
    }

    /// The oldest value held.
    public var oldest: Double { storage[start] }
}

/// The highest or lowest of the last `period` values in amortized O(1), with a monotonic deque.
public struct RollingExtreme: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case highest, lowest }

    public let period: Int
    public let kind: Kind
    private var values: [Double] = []
    private var indices: [Int] = []
    private var head = 0
    private var seen = 0

    public init(period: Int, kind: Kind) {
        precondition(period >= 1, "A rolling extreme needs a period of at least 1, not \(period)")
        self.period = period
        self.kind = kind
    }

    /// Adds the next value; returns the extreme of the last `period` values once there are that many.
    public mutating func update(_ value: Double) -> Double? {
        while values.count > head, kind == .highest ? values[values.count - 1] <= value : values[values.count - 1] >= value {
            values.removeLast()
            indices.removeLast()
        }
        values.append(value)
        indices.append(seen)
        seen += 1
        while indices[head] <= seen - 1 - period { head += 1 }
        if head > 64, head * 2 > values.count {  // compact the consumed front now and then
            values.removeFirst(head)
            indices.removeFirst(head)
            head = 0
        }
        return seen >= period ? values[head] : nil
    }
}
