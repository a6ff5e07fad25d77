/// Percent zigzag swing detection, streaming and without look-ahead: a swing is confirmed on
/// the bar where price has reversed from it by at least `threshold` (0.08 = 8%), and never
/// changes after that. Swings alternate high, low, high…
public struct ZigZagSwings: Sendable, Hashable {
    public let threshold: Double
    private var trend = 0  // +1 looking for a high, −1 for a low, 0 undecided
    private var highIndex = 0
    private var lowIndex = 0
    private var highPrice = 0.0
    private var lowPrice = 0.0
    private var seen = 0
    /// Swings confirmed so far, oldest first.
    public private(set) var confirmed: [SwingPoint] = []

    public init(threshold: Double) {
        precondition(threshold > 0 && threshold < 1, "A zigzag threshold is a fraction between 0 and 1, not \(threshold)")
        self.threshold = threshold
    }

    /// The swing in progress: the extreme since the last confirmed one, not yet confirmed.
    public var provisional: SwingPoint? {
        switch trend {
        case 1: SwingPoint(index: highIndex, price: highPrice, kind: .high, isConfirmed: false)
        case -1: SwingPoint(index: lowIndex, price: lowPrice, kind: .low, isConfirmed: false)
        default: nil
        }
    }

    /// Feeds the next bar's high and low; returns the swing this bar confirmed, if any.
    @discardableResult
    public mutating func update(high: Double, low: Double) -> SwingPoint? {
        let i = seen
        seen += 1
        guard i > 0 else {
            (highPrice, lowPrice) = (high, low)
            return nil
        }
        if trend >= 0 && high >= highPrice { (highIndex, highPrice) = (i, high) }
        if trend <= 0 && low <= lowPrice { (lowIndex, lowPrice) = (i, low) }
        var swing: SwingPoint?
        switch trend {
        case 0:
            if highPrice >= lowPrice * (1 + threshold) && lowIndex < highIndex {
                swing = SwingPoint(index: lowIndex, price: lowPrice, kind: .low)
                trend = 1
                (lowIndex, lowPrice) = (i, low)
            } else if lowPrice <= highPrice * (1 - threshold) && highIndex < lowIndex {
                swing = SwingPoint(index: highIndex, price: highPrice, kind: .high)
                trend = -1
                (highIndex, highPrice) = (i, high)
            }
        case 1:
            if low <= highPrice * (1 - threshold) {
                swing = SwingPoint(index: highIndex, price: highPrice, kind: .high)
                trend = -1
                (lowIndex, lowPrice) = (i, low)
            }
        default:
            if high >= lowPrice * (1 + threshold) {
                swing = SwingPoint(index: lowIndex, price: lowPrice, kind: .low)
                trend = 1
                (highIndex, highPrice) = (i, high)
            }
        }
        if let swing { confirmed.append(swing) }
        return swing
    }
}
