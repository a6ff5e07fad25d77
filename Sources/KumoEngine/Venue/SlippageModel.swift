import Foundation
public import KumoCore

/// How much worse than the quoted price a fill is, before tick rounding. Buys pay more, sells
/// receive less; a limit order never fills past its limit, and no fill leaves the bar's range.
public enum SlippageModel: Sendable, Hashable, CustomStringConvertible {
    /// Fills at the model price.
    case none
    /// `n` ticks of the price's KRX tick (0.01 for a foreign listing).
    case ticks(Int64)
    /// A fraction of the price, such as 0.0005 (5 bp).
    case percent(Double)
    /// The square-root law of market impact: price × `coefficient` × σ × √(quantity / bar volume),
    /// with σ the bar's Parkinson volatility ln(high/low) / (2√ln2).
    case squareRootImpact(coefficient: Double)

    /// Parses `none`, `ticks:N`, `percent:F` or `sqrt:K`, as `--slippage` takes them.
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        switch (parts.first, parts.count) {
        case ("none", 1): self = .none
        case ("ticks", 2):
            guard let n = Int64(parts[1]), n >= 0 else { return nil }
            self = .ticks(n)
        case ("percent", 2):
            guard let f = Double(parts[1]), f >= 0, f < 1 else { return nil }
            self = .percent(f)
        case ("sqrt", 2):
            guard let k = Double(parts[1]), k >= 0, k.isFinite else { return nil }
            self = .squareRootImpact(coefficient: k)
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .none: "none"
        case .ticks(let n): "ticks:\(n)"
        case .percent(let f): "percent:\(f)"
        case .squareRootImpact(let k): "sqrt:\(k)"
        }
    }

    /// The adverse move, in price micros, for a fill of `quantity` at `price` in `bar`.
    func amount(price: Price, quantity: Int64, bar: Bar, tick: Price) -> Int64 {
        switch self {
        case .none: return 0
        case .ticks(let n): return tick.micros * n
        case .percent(let f): return Int64((Double(price.micros) * f).rounded())
        case .squareRootImpact(let k):
            guard bar.volume > 0, bar.low.micros > 0 else { return 0 }
            let sigma = log(bar.high.doubleValue / bar.low.doubleValue) / (2 * log(2.0).squareRoot())
            return Int64((Double(price.micros) * k * sigma * (Double(quantity) / Double(bar.volume)).squareRoot()).rounded())
        }
    }
}
