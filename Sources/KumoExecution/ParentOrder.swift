import KumoCore

/// A parent order being worked bar by bar: at each minute it names the child quantity to send,
/// hears what filled and what the market traded, and reports its progress. Children are whole
/// shares (the KRX stock lot) and never more than `volumeCap` of the minute's expected volume.
public struct ParentOrder: Sendable {
    public private(set) var quantity: Int64
    public var algorithm: ExecutionAlgorithm
    /// The parent's minutes: first and last (inclusive), counted from 09:00 KST.
    public var startMinute: Int
    public var endMinute: Int
    /// The largest share of a minute's volume one child may take.
    public var volumeCap: Double
    public private(set) var filled: Int64 = 0
    public private(set) var marketVolume: Int64 = 0
    /// The cumulative target through each minute, fixed when the parent starts (all but POV);
    /// a resize scales it.
    private(set) var schedule: [Int64]

    /// The last minute of KRX's continuous session (15:19); 15:20–15:30 is the closing call auction.
    public static let lastContinuousMinute = 379
    /// The price a child may not be worse than (a buy's ceiling, a sell's floor); nil: none.
    public var limit: Double?

    /// - Throws: ``ExecutionError`` naming the field: a quantity that is not positive, an empty
    ///   interval, minutes in the closing auction (unless `auction`), a cap outside (0, 1], an
    ///   algorithm's own parameter out of range.
    public init(
        quantity: Int64, algorithm: ExecutionAlgorithm, startMinute: Int, endMinute: Int, volumeCap: Double = 0.25, limit: Double? = nil, auction: Bool = false
    ) throws(ExecutionError) {
        guard quantity > 0 else { throw ExecutionError("qty must be a positive number of shares") }
        guard startMinute >= 0, endMinute >= startMinute else { throw ExecutionError("start must be at or after 09:00 and finish after start") }
        guard auction || endMinute <= Self.lastContinuousMinute else {
            throw ExecutionError("finish falls in the closing call auction (15:20–15:30); end by 15:19 or allow the auction")
        }
        guard volumeCap > 0, volumeCap <= 1 else { throw ExecutionError("the volume cap must be in (0, 1]") }
        if let limit, !(limit > 0) { throw ExecutionError("limit must be a positive price") }
        switch algorithm {
        case .twap(let randomization, _) where !(0..<1).contains(randomization): throw ExecutionError("twap randomization must be in [0, 1)")
        case .pov(let participation, _) where !(participation > 0 && participation < 1): throw ExecutionError("participation must be in (0, 1)")
        case .implementationShortfall(let model) where model.periods != endMinute - startMinute + 1:
            throw ExecutionError("the impact model has \(model.periods) periods; the parent has \(endMinute - startMinute + 1) minutes")
        case .implementationShortfall(let model) where !(model.adjustedImpact > 0 && model.riskAversion >= 0):
            throw ExecutionError("urgency must be ≥ 0 and the temporary impact above γτ/2")
        default: break
        }
        self.limit = limit
        self.quantity = quantity
        self.algorithm = algorithm
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.volumeCap = volumeCap
        schedule = Self.schedule(quantity, algorithm, minutes: endMinute - startMinute + 1, start: startMinute)
    }

    /// Cumulative targets per minute for the algorithms that plan ahead (POV plans as it goes).
    static func schedule(_ quantity: Int64, _ algorithm: ExecutionAlgorithm, minutes: Int, start: Int) -> [Int64] {
        var weights: [Double]
        switch algorithm {
        case .twap(let randomization, let seed):
            var random = SplitMix64(seed: seed)
            weights = (0..<minutes).map { _ in 1 + randomization * (2 * (Double(random.next() >> 11) / Double(1 << 53)) - 1) }
        case .vwap(let profile): weights = (0..<minutes).map { profile.share(at: start + $0) }
        case .pov: return []
        case .implementationShortfall(let model): weights = model.trades
        }
        let total = weights.reduce(0, +)
        if total <= 0 { weights = [Double](repeating: 1, count: minutes) }
        var cumulative = 0.0
        let sum = weights.reduce(0, +)
        return weights.map { weight in
            cumulative += weight
            return Int64((Double(quantity) * cumulative / sum).rounded())
        }
    }

    /// Changes the parent's size, keeping the shape of its schedule (and a POV's participation).
    /// - Throws: ``ExecutionError`` when `newQuantity` is not positive or below what has filled.
    public mutating func resize(to newQuantity: Int64) throws(ExecutionError) {
        guard newQuantity > 0 else { throw ExecutionError("qty must be a positive number of shares") }
        guard newQuantity >= filled else { throw ExecutionError("qty \(newQuantity) is below the \(filled) shares already filled") }
        let scale = Double(newQuantity) / Double(quantity)
        schedule = schedule.map { min(newQuantity, Int64((Double($0) * scale).rounded())) }
        quantity = newQuantity
    }

    public var remaining: Int64 { quantity - filled }
    public var isDone: Bool { filled >= quantity }

    /// The child to send for `minute`, given the volume expected in it (the profile's forecast,
    /// or the last minutes' average; infinite when nothing is known yet) and the shares of earlier
    /// children still working at the venue.
    public func child(at minute: Int, expectedVolume: Double, inFlight: Int64 = 0) -> Int64 {
        guard minute >= startMinute, minute <= endMinute, !isDone else { return 0 }
        let target: Int64
        switch algorithm {
        case .pov(let participation, _):
            // Until a minute has been seen there is nothing to take part in.
            target = expectedVolume.isFinite ? Int64((participation * (Double(marketVolume) + expectedVolume)).rounded()) : 0
        default:
            // The last minute takes what is left (within the cap): a schedule ends whole.
            target = minute == endMinute ? quantity : schedule[minute - startMinute]
        }
        let wanted = max(0, min(target, quantity) - filled - inFlight)
        guard expectedVolume.isFinite else { return wanted }
        return min(wanted, Int64(max(0, volumeCap * expectedVolume).rounded(.down)))
    }

    /// What happened in a minute: the child's fill and the market's volume.
    public mutating func record(filled shares: Int64, marketVolume volume: Int64) {
        recordFill(shares)
        recordVolume(volume)
    }

    /// A child's fill, as the venue reports it.
    public mutating func recordFill(_ shares: Int64) { filled += shares }

    /// The market's volume in one of the parent's minutes.
    public mutating func recordVolume(_ volume: Int64) { marketVolume += volume }
}
