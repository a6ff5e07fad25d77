/// Fractal swing detection: bar i is a swing high when its high is the highest of bars
/// i − k … i + k (likewise lows), known only k bars later. Consecutive swings of one kind keep
/// the more extreme, so a swing is final once a swing of the other kind follows it; until then
/// it is ``pending``. Nothing final ever changes.
public struct FractalSwings: Sendable, Hashable {
    public let reach: Int
    private var highs: RingBuffer
    private var lows: RingBuffer
    private var seen = 0
    /// The latest swing, which a more extreme one of its kind may still replace.
    public private(set) var pending: SwingPoint?
    /// Final swings, oldest first; they alternate high and low.
    public private(set) var confirmed: [SwingPoint] = []

    public init(reach: Int) {
        precondition(reach >= 1, "A fractal needs a reach of at least 1 bar, not \(reach)")
        self.reach = reach
        highs = RingBuffer(capacity: 2 * reach + 1)
        lows = RingBuffer(capacity: 2 * reach + 1)
    }

    /// Feeds the next bar; returns the swing that became final on this bar, if any.
    @discardableResult
    public mutating func update(high: Double, low: Double) -> SwingPoint? {
        highs.append(high)
        lows.append(low)
        seen += 1
        guard highs.isFull else { return nil }
        let center = seen - 1 - reach
        let centerHigh = highs[back: reach]
        let centerLow = lows[back: reach]
        var isHigh = true
        var isLow = true
        for age in 0..<highs.count {
            if highs[back: age] > centerHigh { isHigh = false }
            if lows[back: age] < centerLow { isLow = false }
        }
        let candidate: SwingPoint? =
            isHigh ? SwingPoint(index: center, price: centerHigh, kind: .high)
            : isLow ? SwingPoint(index: center, price: centerLow, kind: .low) : nil
        guard let candidate else { return nil }
        guard let current = pending else {
            pending = candidate
            return nil
        }
        if current.kind == candidate.kind {
            let moreExtreme = candidate.kind == .high ? candidate.price > current.price : candidate.price < current.price
            if moreExtreme { pending = candidate }
            return nil
        }
        confirmed.append(current)
        pending = candidate
        return current
    }
}
