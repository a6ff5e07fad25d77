public import KumoCore

/// One holding: shares, what they cost, and the profit already taken.
public struct Position: Sendable, Hashable {
    public var quantity: Int64 = 0
    /// Total cost of the shares held, exactly (average price × quantity).
    public var costBasis = Price(micros: 0)
    public var realizedPnL = Price(micros: 0)

    /// The average price paid per share held; zero when flat.
    public var averagePrice: Double { quantity == 0 ? 0 : costBasis.doubleValue / Double(quantity) }
}

/// Cash and positions, updated by fills with exact arithmetic; long-only until short selling
/// is modelled.
public struct Portfolio: Sendable, Hashable {
    public private(set) var cash: Price
    public private(set) var positions: [Symbol: Position] = [:]
    public private(set) var commissionPaid = Price(micros: 0)
    public private(set) var taxPaid = Price(micros: 0)

    public init(cash: Price) { self.cash = cash }

    /// Sets cash to what the broker says it is (reconciliation); returns the change.
    @discardableResult
    public mutating func correctCash(to amount: Price) -> Price {
        let change = Price(micros: amount.micros - cash.micros)
        cash = amount
        return change
    }

    public func position(_ symbol: Symbol) -> Position { positions[symbol] ?? Position() }

    /// Books a fill.
    public mutating func apply(_ fill: Fill) {
        var position = position(fill.symbol)
        let notional = fill.notional.micros
        switch fill.side {
        case .buy:
            cash = Price(micros: cash.micros - notional - fill.commission.micros - fill.tax.micros)
            position.quantity += fill.quantity
            position.costBasis = Price(micros: position.costBasis.micros + notional)
        case .sell:
            precondition(fill.quantity <= position.quantity, "Selling \(fill.quantity) of \(fill.symbol) while holding \(position.quantity)")
            let released = Int64(Int128(position.costBasis.micros) * Int128(fill.quantity) / Int128(position.quantity))
            cash = Price(micros: cash.micros + notional - fill.commission.micros - fill.tax.micros)
            position.realizedPnL = Price(micros: position.realizedPnL.micros + notional - released)
            position.quantity -= fill.quantity
            position.costBasis = Price(micros: position.costBasis.micros - released)
        }
        commissionPaid = Price(micros: commissionPaid.micros + fill.commission.micros)
        taxPaid = Price(micros: taxPaid.micros + fill.tax.micros)
        positions[fill.symbol] = position
    }

    /// Cash plus positions marked at `prices` (positions without a price are marked at cost).
    /// Summed exactly in micros, so every process gets the same figure whatever order the
    /// positions come out of the dictionary in.
    public func equity(marks prices: [Symbol: Price]) -> Double { equity { prices[$0] } }

    /// Cash plus positions marked at the closes of `bars` (the kernel's last bars), without
    /// building a dictionary of marks first.
    public func equity(lastBars bars: SymbolMap<Bar>) -> Double { equity { bars[$0]?.close } }

    private func equity(mark: (Symbol) -> Price?) -> Double {
        var total = Int128(cash.micros)
        for (symbol, position) in positions where position.quantity != 0 {
            total += mark(symbol).map { Int128($0.micros) * Int128(position.quantity) } ?? Int128(position.costBasis.micros)
        }
        return Self.double(total) / Double(Price.scale)
    }

    /// `Double(value)`, through Int64 when it fits: the same correctly rounded figure, without the
    /// generic Int128 conversion that cost more than the rest of a bar's bookkeeping.
    @inline(__always) static func double(_ value: Int128) -> Double {
        if let narrow = Int64(exactly: value) { return Double(narrow) }
        return Double(value)
    }

    /// Profit taken on every symbol, exactly.
    public var realizedPnL: Price { Price(micros: positions.values.reduce(0) { $0 + $1.realizedPnL.micros }) }

    /// What the shares held cost, exactly.
    public var costBasis: Price { Price(micros: positions.values.reduce(0) { $0 + $1.costBasis.micros }) }
}
