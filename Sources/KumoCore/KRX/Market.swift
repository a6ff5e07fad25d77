/// A venue where Korean securities trade.
public enum Market: String, Sendable, Hashable, CaseIterable {
    case kospi = "KOSPI", kosdaq = "KOSDAQ", konex = "KONEX"
    /// Nextrade, the alternative exchange trading the same stocks since 2025-03-04.
    case nxt = "NXT"
    /// A venue outside Korea: no KRX tick, limit or tax rule applies.
    case foreign = "FOREIGN"

    /// Whether KRX's rules (ticks, daily limits, transaction tax) govern the venue.
    public var followsKRXRules: Bool { self != .foreign }
}

/// What kind of security an instrument is; ETFs, ETNs and ELWs follow their own tick and tax rules.
public enum SecurityKind: String, Sendable, Hashable, CaseIterable {
    case stock, etf, etn, elw
}
