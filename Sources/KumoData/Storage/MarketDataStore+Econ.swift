import Foundation
import GRDB
public import KumoCore

extension MarketDataStore {
    /// What storing a batch of a series' values did.
    public struct EconStoreResult: Sendable, Hashable {
        /// Periods stored for the first time.
        public var added = 0
        /// Periods whose value changed since it was last stored: a new vintage.
        public var revised = 0
        public init() {}
    }

    /// Stores `series`' values. A period seen for the first time is published at `release(period)`;
    /// one stored before with another value is a revision, published at `seenAt` (or at its
    /// release, if later); one stored with the same value adds nothing. One transaction, or nothing.
    public func storeEcon(
        series: String, values: [(period: EconPeriod, value: Double)], seenAt: Timestamp, release: (EconPeriod) -> Timestamp
    ) throws(Failure) -> EconStoreResult {
        do {
            return try pool.write { db in
                var result = EconStoreResult()
                for (period, value) in values {
                    let last = try Double.fetchOne(
                        db, sql: "SELECT value FROM econ_observations WHERE series = ? AND period = ? ORDER BY published_at DESC LIMIT 1",
                        arguments: [series, period.label])
                    if let last, abs(last - value) <= 1e-12 * max(1, abs(value)) { continue }
                    let due = release(period)
                    let published = last == nil ? due : max(due, seenAt)
                    try db.execute(
                        sql: "INSERT OR REPLACE INTO econ_observations (series, frequency, period, value, published_at) VALUES (?, ?, ?, ?, ?)",
                        arguments: [series, period.frequency.rawValue, period.label, value, published.nanoseconds])
                    if last == nil { result.added += 1 } else { result.revised += 1 }
                }
                return result
            }
        } catch {
            throw Failure(description: "storing \(values.count) values of \(series) failed, nothing was written: \(error)")
        }
    }

    /// Every stored vintage of `series` (all series when nil) published by `asOf` (all when nil),
    /// by series, period, then publication.
    public func econ(series: String? = nil, asOf: Timestamp? = nil) throws(Failure) -> [EconObservation] {
        var filter = RowFilter()
        filter.add("series = ?", series)
        filter.add("published_at <= ?", asOf?.nanoseconds)
        do {
            let rows = try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM econ_observations \(filter.sql) ORDER BY series, period, published_at", arguments: filter.arguments)
            }
            return try rows.map { row in
                let label: String = row["period"], letter: String = row["frequency"], name: String = row["series"]
                guard let frequency = EconFrequency(rawValue: letter), let period = EconPeriod(label, frequency: frequency) else {
                    throw Failure(description: "econ_observations: \(name) has a period '\(label)' of frequency '\(letter)' that cannot be read")
                }
                return EconObservation(series: name, period: period, value: row["value"], publishedAt: Timestamp(nanoseconds: row["published_at"]))
            }.sorted { ($0.series, $0.period, $0.publishedAt) < ($1.series, $1.period, $1.publishedAt) }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(description: "cannot read economic series: \(error)")
        }
    }

    /// Each stored series' name, periods and last period.
    public func econSeries() throws(Failure) -> [(name: String, periods: Int, last: String)] {
        do {
            return try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT series, COUNT(DISTINCT period) AS n, MAX(period) AS last FROM econ_observations GROUP BY series ORDER BY series")
                    .map { ($0["series"], $0["n"], $0["last"]) }
            }
        } catch {
            throw Failure(description: "cannot list economic series: \(error)")
        }
    }
}
