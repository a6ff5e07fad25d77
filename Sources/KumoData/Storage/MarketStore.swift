public import KumoCore

/// What a market-data store keeps, whatever holds it: bars by symbol and timeframe (imported in
/// one transaction each, unchanged rows not rewritten), their replay in time order, instrument
/// names, and the alternative data collectors write (filings, news, economic vintages, cursors).
/// ``MarketDataStore`` (SQLite, embedded, the default) and the PostgreSQL store both keep it,
/// and one test suite runs against both.
public protocol MarketStore: AnyObject, Sendable {
    /// Where the store is: a file path or a PostgreSQL address without its password.
    var location: String { get }

    /// Inserts or replaces several series in one transaction: all of them or none. Returns how many rows were new or changed.
    @discardableResult
    func importBars(_ batches: [(symbol: Symbol, timeframe: Timeframe, bars: [Bar])]) throws(MarketDataStore.Failure) -> Int
    /// All bars of a symbol in time order within [from, to).
    func bars(symbol: Symbol, timeframe: Timeframe, from: Timestamp?, to: Timestamp?) throws(MarketDataStore.Failure) -> [Bar]
    /// Every stored series, by symbol then timeframe.
    func series() throws(MarketDataStore.Failure) -> [MarketDataStore.SeriesSummary]
    /// Stored bars of `symbols` (all when empty) in time order, ties by symbol code.
    func replay(symbols: [Symbol], timeframe: Timeframe, from: Timestamp?, to: Timestamp?, _ body: (SymbolBar) throws -> Void) throws

    @discardableResult
    func nameInstruments(_ names: [Symbol: String]) throws(MarketDataStore.Failure) -> Int
    func instrumentNames() throws(MarketDataStore.Failure) -> [Symbol: String]

    @discardableResult
    func storeDisclosures(_ disclosures: [Disclosure]) throws(MarketDataStore.Failure) -> Int
    func disclosures(symbol: Symbol?, from: Timestamp?, to: Timestamp?, limit: Int?) throws(MarketDataStore.Failure) -> [Disclosure]
    @discardableResult
    func storeNews(_ articles: [NewsArticle]) throws(MarketDataStore.Failure) -> Int
    func news(symbol: Symbol?, from: Timestamp?, to: Timestamp?) throws(MarketDataStore.Failure) -> [NewsArticle]
    func storeEcon(
        series: String, values: [(period: EconPeriod, value: Double)], seenAt: Timestamp, release: (EconPeriod) -> Timestamp
    ) throws(MarketDataStore.Failure) -> MarketDataStore.EconStoreResult
    func econ(series: String?, asOf: Timestamp?) throws(MarketDataStore.Failure) -> [EconObservation]
    func cursor(_ name: String) throws(MarketDataStore.Failure) -> String?
    func setCursor(_ name: String, _ position: String) throws(MarketDataStore.Failure)
}

extension MarketDataStore: MarketStore {
    public var location: String { path }
}
