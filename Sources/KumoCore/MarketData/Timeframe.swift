/// The span of one bar: `1m`, `5m`, `60m`, `1d`, `1w`, `1M`, or `tick` for trade-by-trade.
public struct Timeframe: Sendable, Hashable, CustomStringConvertible {
    /// The unit a timeframe counts.
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        case tick, second = "s", minute = "m", hour = "h", day = "d", week = "w", month = "M"
    }

    public let count: Int
    public let unit: Unit

    /// Creates a timeframe; `count` must be at least 1 (and exactly 1 for `tick`).
    public init(_ count: Int, _ unit: Unit) {
        precondition(count >= 1, "A timeframe counts at least one unit, not \(count)")
        self.count = unit == .tick ? 1 : count
        self.unit = unit
    }

    /// Parses `5m`, `1d`, `60m`, `1h`, `1w`, `1M`, `30s` or `tick`; returns `nil` for anything else.
    public init?(parsing text: String) {
        if text == "tick" {
            self.init(1, .tick)
            return
        }
        guard let unitCharacter = text.last, let unit = Unit(rawValue: String(unitCharacter)), unit != .tick,
            let count = Int(text.dropLast()), (1...10_000).contains(count), text.first != "+"
        else { return nil }
        self.init(count, unit)
    }

    /// The length in seconds for fixed-length units; `nil` for ticks and months.
    public var seconds: Int? {
        switch unit {
        case .tick, .month: nil
        case .second: count
        case .minute: count * 60
        case .hour: count * 3600
        case .day: count * 86_400
        case .week: count * 7 * 86_400
        }
    }

    /// Whether bars of this timeframe lie inside one trading session.
    public var isIntraday: Bool { unit == .tick || unit == .second || unit == .minute || unit == .hour }

    public var description: String { unit == .tick ? "tick" : "\(count)\(unit.rawValue)" }

    /// The timeframes a strategy file may name, as shown in error messages.
    public static let examples = "tick, 30s, 1m, 5m, 15m, 60m, 1h, 1d, 1w, 1M"
}
