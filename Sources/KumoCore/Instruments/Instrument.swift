/// The full description of a tradable instrument: what a `Symbol` stands for.
public struct Instrument: Sendable, Hashable {
    public var symbol: Symbol
    public var name: String
    public var market: Market
    public var kind: SecurityKind
    /// ISO 4217 currency of its prices: KRW for KRX.
    public var currency: String
    /// Shares per trading unit (1 on KRX since 2016).
    public var lotSize: Int64
    /// Decimals its prices carry: 0 for KRW, 2 for USD.
    public var priceDecimals: Int

    public init(
        symbol: Symbol, name: String = "", market: Market = .kospi, kind: SecurityKind = .stock, currency: String = "KRW",
        lotSize: Int64 = 1, priceDecimals: Int = 0
    ) {
        precondition(lotSize >= 1, "A lot holds at least one share, not \(lotSize)")
        precondition((0...6).contains(priceDecimals), "Prices carry 0 to 6 decimals, not \(priceDecimals)")
        self.symbol = symbol
        self.name = name
        self.market = market
        self.kind = kind
        self.currency = currency
        self.lotSize = lotSize
        self.priceDecimals = priceDecimals
    }
}
