public import KumoCore

/// How an order is priced.
public enum OrderType: Sendable, Hashable, Codable {
    /// At the next available price: the next bar's open, which for a daily bar is the opening auction.
    case market
    /// At `price` or better.
    case limit(Price)
    /// A market order once the price trades at `trigger` or worse for the order (a buy at or above, a sell at or below).
    case stop(Price)
    /// A limit order at `limit` once the price trades at `trigger`.
    case stopLimit(trigger: Price, limit: Price)
    /// A stop that follows the best price since the order was accepted by `offset`; a sell trails
    /// the highs, a buy the lows.
    case trailingStop(TrailingOffset)
    /// A market order for the closing auction: the close of the bar that holds it.
    case marketOnClose

    /// The price the order names, for checks against the tick grid and the daily limits.
    public var namedPrices: [Price] {
        switch self {
        case .market, .marketOnClose, .trailingStop: []
        case .limit(let price), .stop(let price): [price]
        case .stopLimit(let trigger, let limit): [trigger, limit]
        }
    }

    /// The name scripts and reports use.
    public var name: String {
        switch self {
        case .market: "market"
        case .limit: "limit"
        case .stop: "stop"
        case .stopLimit: "stop_limit"
        case .trailingStop: "trailing_stop"
        case .marketOnClose: "market_on_close"
        }
    }
}

/// How far a trailing stop stands from the best price: an amount, or a fraction of the price.
public enum TrailingOffset: Sendable, Hashable, Codable {
    case amount(Price)
    case fraction(Double)

    /// The stop level `best` implies, for a sell (below) or a buy (above).
    func level(from best: Price, side: OrderSide) -> Price {
        let distance: Int64 = switch self {
        case .amount(let amount): amount.micros
        case .fraction(let fraction): Int64((Double(best.micros) * fraction).rounded())
        }
        return Price(micros: side == .sell ? best.micros - distance : best.micros + distance)
    }
}

/// How long an order stays on the book.
public enum TimeInForce: String, Sendable, Hashable, CaseIterable, Codable {
    /// Until the end of the trading day on which it first could trade.
    case day
    /// Against the first bar it meets; whatever does not fill there is cancelled.
    case ioc
    /// Against the first bar it meets, all or nothing.
    case fok
    /// Until filled or cancelled.
    case gtc
}
