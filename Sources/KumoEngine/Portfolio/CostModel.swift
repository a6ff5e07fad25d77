public import KumoCore

/// A rate such as 0.015%, kept exactly in parts per billion.
public struct Rate: Sendable, Hashable, CustomStringConvertible {
    public let partsPerBillion: Int64

    public init(partsPerBillion: Int64) {
        precondition(partsPerBillion >= 0, "A rate cannot be negative: \(partsPerBillion)")
        self.partsPerBillion = partsPerBillion
    }

    /// Parses a fraction such as `0.00015` (0.015%), up to 9 decimals.
    public init?(parsing text: String) {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let wholeText = parts.first, let whole = Int64(wholeText.isEmpty ? "0" : wholeText), whole >= 0, whole < 1000 else { return nil }
        let fractionText = parts.count == 2 ? parts[1] : ""
        guard fractionText.count <= 9, fractionText.allSatisfy(\.isNumber) else { return nil }
        let fraction = Int64(fractionText + String(repeating: "0", count: 9 - fractionText.count)) ?? 0
        self.init(partsPerBillion: whole * 1_000_000_000 + fraction)
    }

    /// `amount` × rate, exact to the millionth (truncated).
    public func of(_ amount: Price) -> Price {
        Price(micros: Int64(Int128(amount.micros) * Int128(partsPerBillion) / 1_000_000_000))
    }

    public var description: String { String(Double(partsPerBillion) / 1e7) + "%" }
}

/// What trades cost: the broker's commission on both sides and the tax on sells, either at fixed
/// rates (as other platforms' conventions state them) or by the KRX rules for the settlement year.
public struct CostModel: Sendable, Hashable {
    public var commission: Rate
    /// A fixed sell-tax rate; nil for KRX's rate by market and year.
    public var sellTax: Rate?
    /// Whether costs are cut to whole currency units (KRX: won).
    public var truncatesToUnits: Bool

    public init(commission: Rate = Rate(partsPerBillion: 150_000), sellTax: Rate? = nil, truncatesToUnits: Bool = true) {
        self.commission = commission
        self.sellTax = sellTax
        self.truncatesToUnits = truncatesToUnits
    }

    /// Commission and tax of a fill of `notional` on `market`, settled in `settlementYear`.
    public func costs(side: OrderSide, notional: Price, market: Market, settlementYear: Int) -> (commission: Price, tax: Price) {
        var commission = self.commission.of(notional)
        var tax = Price(micros: 0)
        if side == .sell {
            if let sellTax {
                tax = sellTax.of(notional)
            } else {
                tax = Rate(partsPerBillion: KRXTransactionCosts.taxBasisPoints(market: market, kind: .stock, settlementYear: settlementYear) * 100_000)
                    .of(notional)
            }
        }
        if truncatesToUnits {
            commission = Price(micros: commission.micros / Price.scale * Price.scale)
            tax = Price(micros: tax.micros / Price.scale * Price.scale)
        }
        return (commission, tax)
    }
}
