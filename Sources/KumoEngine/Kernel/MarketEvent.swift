public import KumoCore

/// A market event the kernel consumes: a closed bar or a trade print of one symbol.
public enum MarketEvent: Sendable, Hashable {
    case bar(Symbol, Bar)
    case tick(Symbol, Tick)

    public var time: Timestamp {
        switch self {
        case .bar(_, let bar): bar.time
        case .tick(_, let tick): tick.time
        }
    }

    public var symbol: Symbol {
        switch self {
        case .bar(let symbol, _), .tick(let symbol, _): symbol
        }
    }
}
