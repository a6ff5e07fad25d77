public import KumoCore

/// What each venue charges per side on top of the broker's commission, in won per million won
/// traded. The tie-breaker of smart routing once price and queue are equal. The defaults only
/// stand for the published relation (Nextrade priced its fees 20–40% under KRX's at launch, 2025);
/// set the figures from your broker's schedule.
public struct VenueFees: Sendable, Hashable {
    public var krxPerMillion: Double
    public var nxtPerMillion: Double

    public init(krxPerMillion: Double = 27, nxtPerMillion: Double = 18) {
        self.krxPerMillion = krxPerMillion
        self.nxtPerMillion = nxtPerMillion
    }

    public subscript(venue: TradingVenue) -> Double {
        switch venue {
        case .krx: krxPerMillion
        case .nxt: nxtPerMillion
        }
    }
}
