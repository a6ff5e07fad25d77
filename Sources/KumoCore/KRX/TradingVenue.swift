/// A market a KRX-listed stock trades on: the Korea Exchange, or Nextrade (NXT), the alternative
/// exchange that has traded the same stocks since 2025-03-04 with a book of its own.
public enum TradingVenue: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case krx, nxt

    public var description: String { rawValue.uppercased() }

    /// Whether the venue matches continuously at `instant` (its auctions do not count).
    /// KRX: 09:00–15:20, and its after-market 16:00–20:00 from 2026-09-14 (``KRXSessions``).
    /// NXT: pre-market 08:00–08:50, main 09:00:30–15:20, after-market 15:30–20:00, on trading days
    /// from its launch (2025-03-04).
    public func isContinuous(at instant: Timestamp, sessions: KRXSessions = KRXSessions()) -> Bool {
        switch self {
        case .krx:
            let phase = sessions.phase(at: instant)
            return phase == .continuous || phase == .afterMarket
        case .nxt:
            let date = CivilDate(instant, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
            guard date >= Self.nextradeSince, sessions.calendar.isTradingDay(date) else { return false }
            let civil = instant.civil(utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
            let second = (civil.hour * 60 + civil.minute) * 60 + civil.second
            return Self.nextradeWindows.contains { $0.contains(second) }
        }
    }

    /// Nextrade's first trading day.
    public static let nextradeSince = CivilDate(year: 2025, month: 3, day: 4)!

    /// NXT's continuous sessions in seconds after midnight KST.
    static let nextradeWindows = [8 * 3600..<(8 * 3600 + 50 * 60), (9 * 3600 + 30)..<(15 * 3600 + 20 * 60), (15 * 3600 + 30 * 60)..<(20 * 3600)]
}

/// Where an order is sent: to one venue, or to the broker's smart order routing (`SOR`), which
/// picks the venue itself (KIS `EXCG_ID_DVSN_CD`, Kiwoom's `_AL` suffix).
public enum OrderRoute: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    case krx, nxt, sor

    public init(_ venue: TradingVenue) { self = venue == .krx ? .krx : .nxt }

    public var description: String { rawValue.uppercased() }

    /// The one venue it names; nil for SOR.
    public var venue: TradingVenue? {
        switch self {
        case .krx: .krx
        case .nxt: .nxt
        case .sor: nil
        }
    }
}
