public import KumoCore

/// Which symbols' events a strategy receives: its own `symbols` (or the run's override of them)
/// that the data holds. A strategy that names none receives every symbol; so does one whose
/// symbols the data holds none of, with a warning, where the run allows it (replays, backtests).
public struct StrategyUniverse: Sendable, Equatable {
    /// The symbols routed to it; nil for all.
    public var routed: Set<Symbol>?
    /// What the run should know about (symbols it names that the data lacks), or nil.
    public var warning: String?
    /// The symbols the strategy trades after all: what the script's `symbols` should now say.
    public var symbols: [Symbol]

    /// When the data holds none of the symbols a strategy names.
    public enum NoneHeld: Sendable {
        /// Run it on every symbol of the data, with a warning (research, replays).
        case useAll
        /// Refuse to start it (a broker's account: real orders in symbols it never named).
        case refuse
    }

    /// Works out the universe of a strategy naming `wanted` over data holding `available`; `source`
    /// names the data in messages (`--data`, `the feed`) and `fix` says how to choose.
    public static func resolve(
        strategy: String, wanted: [Symbol], available: [Symbol], source: String, fix: String, whenNoneHeld: NoneHeld
    ) throws(Failure) -> StrategyUniverse {
        guard !wanted.isEmpty else { return StrategyUniverse(routed: nil, warning: nil, symbols: []) }
        let held = Set(available)
        let present = wanted.filter(held.contains)
        let missing = wanted.filter { !held.contains($0) }
        guard !present.isEmpty else {
            let message = "\(strategy) names \(codes(wanted)) but \(source) holds \(codes(available))"
            switch whenNoneHeld {
            case .refuse: throw Failure(description: "\(message); \(fix)")
            case .useAll: return StrategyUniverse(routed: nil, warning: "\(message): it runs on all of them (\(fix))", symbols: available)
            }
        }
        let warning = missing.isEmpty ? nil : "\(strategy) names \(codes(missing)), which \(source) does not hold; it runs on \(codes(present))"
        return StrategyUniverse(routed: Set(present), warning: warning, symbols: present)
    }

    static func codes(_ symbols: [Symbol]) -> String { symbols.map(\.code).joined(separator: ", ") }

    /// The data holds none of the symbols a strategy trades, and the run may not go on without them.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }
}
