public import KumoCore

/// A stress scenario: a stretch of market history replayed on today's holdings, or a synthetic
/// shock applied to them.
public struct StressScenario: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The holdings' own daily moves between the dates (the market proxy's, scaled by beta,
        /// for a holding without data then).
        case historical(from: CivilDate, to: CivilDate)
        /// Every holding opens lower by this fraction.
        case gap(Double)
        /// Limit-down days in a row at KRX's ±30% limit; nothing can be sold meanwhile.
        case limitDown(days: Int)
        /// Only this share of each holding's average daily volume can be sold per day; the loss
        /// is the square-root market impact of selling everything.
        case liquidity(share: Double)
        /// Daily volatility times this multiple: the loss is the 99% ten-day value at risk.
        case volatility(multiple: Double)
    }

    public var name: String
    public var kind: Kind

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    /// The historical episodes every stress test runs (when the data covers them) and the
    /// synthetic shocks.
    public static let standard: [StressScenario] = [
        historical("2008-10 global financial crisis", "2008-09-01", "2008-11-28"),
        historical("2018 Samsung 50:1 split halt", "2018-04-26", "2018-05-31"),
        historical("2020-03 COVID crash", "2020-02-17", "2020-03-31"),
        historical("2022 rate shock", "2022-01-03", "2022-09-30"),
        historical("2024-08-05 KOSPI crash", "2024-07-31", "2024-08-09"),
        StressScenario(name: "gap −10%", kind: .gap(0.10)),
        StressScenario(name: "3 limit-down days", kind: .limitDown(days: 3)),
        StressScenario(name: "liquidity at 10% of volume", kind: .liquidity(share: 0.10)),
        StressScenario(name: "volatility ×3", kind: .volatility(multiple: 3)),
    ]

    static func historical(_ name: String, _ from: String, _ to: String) -> StressScenario {
        StressScenario(name: name, kind: .historical(from: CivilDate(parsing: from)!, to: CivilDate(parsing: to)!))
    }

    /// `NAME=YYYY-MM-DD:YYYY-MM-DD`, a trader's own episode.
    public init?(parsing text: String) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        let dates = parts[1].split(separator: ":").compactMap { CivilDate(parsing: $0) }
        guard dates.count == 2, dates[0] < dates[1] else { return nil }
        self.init(name: parts[0], kind: .historical(from: dates[0], to: dates[1]))
    }
}
