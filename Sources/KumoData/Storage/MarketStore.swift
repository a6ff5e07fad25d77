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
    /// Inserts batches as an iterator yields them, in one transaction; a `nil` element aborts
    /// the import (a file that failed to parse), rolling everything back.
    @discardableResult
    func importBars(streaming batches: AnyIterator<(symbol: Symbol, timeframe: Timeframe, bars: [Bar])?>) throws(MarketDataStore.Failure) -> Int
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
    /// Each stored economic series' name, number of periods and last period.
    func econSeries() throws(MarketDataStore.Failure) -> [(name: String, periods: Int, last: String)]
    func cursor(_ name: String) throws(MarketDataStore.Failure) -> String?
    func setCursor(_ name: String, _ position: String) throws(MarketDataStore.Failure)

    /// DART's company codes (a newer entry replaces an older one), in one transaction; how many were new or changed.
    @discardableResult
    func storeCorpCodes(_ codes: [CorpCode]) throws(MarketDataStore.Failure) -> Int
    /// Every stored company code, by code.
    func corpCodes() throws(MarketDataStore.Failure) -> [CorpCode]
    /// Every stored company profile, by company code.
    func companyProfiles() throws(MarketDataStore.Failure) -> [CompanyProfile]
    /// The DART company code of a listed `symbol`, if the store has the codes.
    func corpCode(of symbol: Symbol) throws(MarketDataStore.Failure) -> String?
    /// Stores a company profile (replacing an older one); true when it was new or changed.
    @discardableResult
    func storeCompanyProfile(_ profile: CompanyProfile) throws(MarketDataStore.Failure) -> Bool
    func companyProfile(_ corpCode: String) throws(MarketDataStore.Failure) -> CompanyProfile?
    /// Financial statement lines keyed by company, year, report, basis, statement and account: a
    /// restated amount replaces the old, the same lines again change nothing; how many were new or changed.
    @discardableResult
    func storeFinancialLines(_ lines: [FinancialLine]) throws(MarketDataStore.Failure) -> Int
    /// A company's lines (every company's when nil; of one year and report when given), by
    /// company, year, report, basis, statement, then order.
    func financialLines(corpCode: String?, year: Int?, report: FinancialLine.Report?) throws(MarketDataStore.Failure) -> [FinancialLine]
}

extension MarketStore {
    /// Inserts or replaces bars of one symbol and timeframe, all in one transaction.
    /// - Returns: how many rows were new or changed.
    @discardableResult
    public func importBars(_ bars: [Bar], symbol: Symbol, timeframe: Timeframe) throws(MarketDataStore.Failure) -> Int {
        try importBars([(symbol, timeframe, bars)])
    }

    /// All bars of a symbol in time order.
    public func bars(symbol: Symbol, timeframe: Timeframe) throws(MarketDataStore.Failure) -> [Bar] {
        try bars(symbol: symbol, timeframe: timeframe, from: nil, to: nil)
    }

    /// Every stored filing of `symbol`, oldest first.
    public func disclosures(symbol: Symbol) throws(MarketDataStore.Failure) -> [Disclosure] {
        try disclosures(symbol: symbol, from: nil, to: nil, limit: nil)
    }

    /// Every stored story tagged with `symbol`, oldest first.
    public func news(symbol: Symbol) throws(MarketDataStore.Failure) -> [NewsArticle] {
        try news(symbol: symbol, from: nil, to: nil)
    }
}

extension MarketDataStore {
    /// The bars with one per time, the later of two winning, in time order: what an import
    /// writes when a batch names a time twice (so both stores count one changed row).
    public static func lastOfEachTime(_ bars: [Bar]) -> [Bar] {
        if zip(bars, bars.dropFirst()).allSatisfy({ $0.time < $1.time }) { return bars }
        var latest: [Timestamp: Bar] = [:]
        for bar in bars { latest[bar.time] = bar }
        return latest.values.sorted { $0.time < $1.time }
    }
}

extension MarketDataStore: MarketStore {
    public var location: String { path }
}
