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

/// The highest or lowest of the last `period` values in O(1) per value (van Herk–Gil-Werman):
/// the window splits at block boundaries into the tail of the previous block, whose suffix
/// extremes are computed once per block, and the head of the current one, whose prefix extreme
/// is kept as values arrive. Updates never allocate.
public struct RollingExtreme: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case highest, lowest }

    public let period: Int
    public let kind: Kind
    /// The current block's values by position, then the previous block's extremes from each
    /// position to its end: one array, so an update touches one buffer.
    private var storage: [Double]
    private var prefix = 0.0
    private var position = 0
    private var seen = 0

    public init(period: Int, kind: Kind) {
        precondition(period >= 1, "A rolling extreme needs a period of at least 1, not \(period)")
        self.period = period
        self.kind = kind
        storage = Array(repeating: 0, count: 2 * period)
    }

    @inline(__always) private static func better(_ a: Double, _ b: Double, highest: Bool) -> Double {
        highest ? (a >= b ? a : b) : (a <= b ? a : b)
    }

    /// Adds the next value; returns the extreme of the last `period` values once there are that many.
    @inline(__always)
    public mutating func update(_ value: Double) -> Double? {
        let p = position
        let n = period
        let highest = kind == .highest
        let current = p == 0 ? value : Self.better(prefix, value, highest: highest)
        prefix = current
        seen += 1
        let isFull = seen >= n
        position = p == n - 1 ? 0 : p + 1
        return storage.withUnsafeMutableBufferPointer { buffer -> Double? in
            buffer[p] = value
            let result: Double? = !isFull ? nil : p == n - 1 ? current : Self.better(buffer[n + p + 1], current, highest: highest)
            if p == n - 1 {  // the block is complete: keep its suffix extremes for the next block
                var running = buffer[n - 1]
                buffer[2 * n - 1] = running
                var i = n - 2
                while i >= 0 {
                    running = Self.better(buffer[i], running, highest: highest)
                    buffer[n + i] = running
                    i -= 1
                }
            }
            return result
        }
    }
}

/// The highest high and lowest low of the last `period` bars, updated together so both windows
/// see every bar (Stochastic, Williams %R, Donchian and Ichimoku's midpoints read them).
public struct RollingRange: Sendable, Hashable {
    private var highest: RollingExtreme
    private var lowest: RollingExtreme

    public init(period: Int) {
        highest = RollingExtreme(period: period, kind: .highest)
        lowest = RollingExtreme(period: period, kind: .lowest)
    }

    /// Adds a bar's high and low; returns the window's range once it holds `period` bars.
    @inline(__always)
    public mutating func update(high: Double, low: Double) -> (high: Double, low: Double)? {
        let top = highest.update(high)
        let bottom = lowest.update(low)
        guard let top, let bottom else { return nil }
        return (top, bottom)
    }

    /// The midpoint of the range, as Ichimoku's lines use it.
    @inline(__always)
    public mutating func midpoint(high: Double, low: Double) -> Double? {
        update(high: high, low: low).map { ($0.high + $0.low) / 2 }
    }
}
