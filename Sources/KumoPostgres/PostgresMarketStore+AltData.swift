import Foundation
public import KumoCore
public import KumoData
import PostgresNIO

extension PostgresMarketStore {
    @discardableResult
    public func storeDisclosures(_ disclosures: [Disclosure]) throws(Failure) -> Int {
        do {
            return try transaction {
                var added = 0
                for d in disclosures {
                    added += Self.changed(try run(
                        """
                        INSERT INTO disclosures (receipt_number, corp_code, corp_name, stock_code, corp_class, report_name, kind, filer, receipt_date, remarks, published_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING
                        """,
                        Self.binds([
                            d.receiptNumber, d.corpCode, d.corpName, d.stockCode, d.corpClass, d.reportName, d.kind.rawValue, d.filerName, d.receiptDate, d.remarks,
                            d.publishedAt.nanoseconds,
                        ])))
                }
                return added
            }
        } catch {
            throw Failure(description: "storing \(disclosures.count) disclosures failed, nothing was written: \(String(reflecting: error))")
        }
    }

    public func disclosures(symbol: Symbol? = nil, from: Timestamp? = nil, to: Timestamp? = nil, limit: Int? = nil) throws(Failure) -> [Disclosure] {
        do {
            let order = limit == nil ? "ORDER BY published_at, receipt_number" : "ORDER BY published_at DESC, receipt_number DESC LIMIT \(limit!)"
            let found = try reading {
                try run(
                    """
                    SELECT corp_code, corp_name, stock_code, corp_class, report_name, receipt_number, filer, receipt_date, remarks FROM disclosures
                    WHERE ($1::TEXT IS NULL OR stock_code = $1) AND published_at >= $2 AND published_at <= $3 \(order)
                    """, Self.binds([symbol?.code, from?.nanoseconds ?? Int64.min, to?.nanoseconds ?? Int64.max])
                ).rows.map { row in
                    let (corp, name, stock, cls, report, receipt, filer, date, remarks) = try row.decode((String, String, String?, String, String, String, String, String, String).self)
                    return Disclosure(
                        corpCode: corp, corpName: name, stockCode: stock, corpClass: cls, reportName: report, receiptNumber: receipt, filerName: filer,
                        receiptDate: date, remarks: remarks)
                }
            }
            return limit == nil ? found : found.reversed()
        } catch {
            throw Failure(description: "cannot read disclosures: \(String(reflecting: error))")
        }
    }

    @discardableResult
    public func storeNews(_ articles: [NewsArticle]) throws(Failure) -> Int {
        do {
            return try transaction {
                var added = 0
                for a in articles {
                    if !(try run("SELECT 1 FROM news WHERE key = $1", Self.binds([a.key])).rows.isEmpty) { continue }
                    if !a.titleKey.isEmpty, !(try run(
                        "SELECT 1 FROM news WHERE title_key = $1 AND published_at BETWEEN $2 AND $3",
                        Self.binds([a.titleKey, a.publishedAt.nanoseconds - MarketDataStore.republishWindow, a.publishedAt.nanoseconds + MarketDataStore.republishWindow])
                    ).rows.isEmpty) { continue }
                    try run(
                        "INSERT INTO news (key, title_key, source, title, link, summary, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                        Self.binds([a.key, a.titleKey, a.source, a.title, a.link, a.summary, a.publishedAt.nanoseconds]))
                    for symbol in Set(a.symbols) {
                        try run(
                            "INSERT INTO news_symbols (symbol, published_at, key) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                            Self.binds([symbol.code, a.publishedAt.nanoseconds, a.key]))
                    }
                    added += 1
                }
                return added
            }
        } catch {
            throw Failure(description: "storing \(articles.count) articles failed, nothing was written: \(String(reflecting: error))")
        }
    }

    public func news(symbol: Symbol? = nil, from: Timestamp? = nil, to: Timestamp? = nil) throws(Failure) -> [NewsArticle] {
        do {
            return try reading {
                try run(
                    """
                    SELECT n.key, n.title_key, n.source, n.title, n.link, n.summary, n.published_at,
                      (SELECT string_agg(symbol, ',') FROM news_symbols s WHERE s.key = n.key) FROM news n
                    WHERE ($1::TEXT IS NULL OR n.key IN (SELECT key FROM news_symbols WHERE symbol = $1)) AND n.published_at >= $2 AND n.published_at <= $3
                    ORDER BY n.published_at, n.key COLLATE "C"
                    """, Self.binds([symbol?.code, from?.nanoseconds ?? Int64.min, to?.nanoseconds ?? Int64.max])
                ).rows.map { row in
                    let (key, titleKey, source, title, link, summary, published, codes) = try row.decode((String, String, String, String, String, String, Int64, String?).self)
                    return NewsArticle(
                        key: key, titleKey: titleKey, source: source, title: title, link: link, summary: summary, publishedAt: Timestamp(nanoseconds: published),
                        symbols: (codes ?? "").split(separator: ",").compactMap { Symbol(String($0)) }.sorted())
                }
            }
        } catch {
            throw Failure(description: "cannot read news: \(String(reflecting: error))")
        }
    }

    public func storeEcon(
        series: String, values: [(period: EconPeriod, value: Double)], seenAt: Timestamp, release: (EconPeriod) -> Timestamp
    ) throws(Failure) -> MarketDataStore.EconStoreResult {
        do {
            return try transaction {
                var result = MarketDataStore.EconStoreResult()
                for (period, value) in values {
                    let last = try run(
                        "SELECT value FROM econ_observations WHERE series = $1 AND period = $2 ORDER BY published_at DESC LIMIT 1", Self.binds([series, period.label])
                    ).rows.first.map { try $0.decode(Double.self) }
                    if let last, abs(last - value) <= 1e-12 * max(1, abs(value)) { continue }
                    let due = release(period)
                    let published = last == nil ? due : max(due, seenAt)
                    try run(
                        """
                        INSERT INTO econ_observations (series, frequency, period, value, published_at) VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT (series, period, published_at) DO UPDATE SET value = excluded.value
                        """, Self.binds([series, period.frequency.rawValue, period.label, value, published.nanoseconds]))
                    if last == nil { result.added += 1 } else { result.revised += 1 }
                }
                return result
            }
        } catch {
            throw Failure(description: "storing \(values.count) values of \(series) failed, nothing was written: \(String(reflecting: error))")
        }
    }

    public func econ(series: String? = nil, asOf: Timestamp? = nil) throws(Failure) -> [EconObservation] {
        do {
            return try reading {
                try run(
                    """
                    SELECT series, frequency, period, value, published_at FROM econ_observations
                    WHERE ($1::TEXT IS NULL OR series = $1) AND published_at <= $2 ORDER BY series COLLATE "C", period COLLATE "C", published_at
                    """, Self.binds([series, asOf?.nanoseconds ?? Int64.max])
                ).rows.map { row in
                    let (name, letter, label, value, published) = try row.decode((String, String, String, Double, Int64).self)
                    guard let frequency = EconFrequency(rawValue: letter), let period = EconPeriod(label, frequency: frequency) else {
                        throw Failure(description: "econ_observations: \(name) has a period '\(label)' of frequency '\(letter)' that cannot be read")
                    }
                    return EconObservation(series: name, period: period, value: value, publishedAt: Timestamp(nanoseconds: published))
                }.sorted { ($0.series, $0.period, $0.publishedAt) < ($1.series, $1.period, $1.publishedAt) }
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "cannot read economic series: \(String(reflecting: error))")
        }
    }

    public func cursor(_ name: String) throws(Failure) -> String? {
        do {
            return try reading { try run("SELECT position FROM collector_cursors WHERE collector = $1", Self.binds([name])).rows.first.map { try $0.decode(String.self) } }
        } catch {
            throw Failure(description: "cannot read the cursor of \(name): \(String(reflecting: error))")
        }
    }

    public func setCursor(_ name: String, _ position: String) throws(Failure) {
        do {
            try transaction {
                try run(
                    """
                    INSERT INTO collector_cursors (collector, position, updated_at) VALUES ($1, $2, $3)
                    ON CONFLICT (collector) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at
                    """, Self.binds([name, position, Int64(Date().timeIntervalSince1970 * 1e9)]))
            }
        } catch {
            throw Failure(description: "cannot record the cursor of \(name): \(String(reflecting: error))")
        }
    }
}
