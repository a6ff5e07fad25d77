import Foundation
import GRDB
public import KumoCore

extension MarketDataStore {
    /// Stores filings, each once by its receipt number: a second run of a collector adds nothing.
    /// All of them are written in one transaction, or none.
    /// - Returns: how many were new.
    @discardableResult
    public func storeDisclosures(_ disclosures: [Disclosure]) throws(Failure) -> Int {
        do {
            return try pool.write { db in
                var added = 0
                for d in disclosures {
                    try db.execute(
                        sql: """
                            INSERT OR IGNORE INTO disclosures
                            (receipt_number, corp_code, corp_name, stock_code, corp_class, report_name, kind, filer, receipt_date, remarks, published_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            d.receiptNumber, d.corpCode, d.corpName, d.stockCode, d.corpClass, d.reportName, d.kind.rawValue, d.filerName, d.receiptDate,
                            d.remarks, d.publishedAt.nanoseconds,
                        ])
                    added += db.changesCount
                }
                return added
            }
        } catch {
            throw Failure(description: "storing \(disclosures.count) disclosures failed, nothing was written: \(error)")
        }
    }

    /// Filings published (`publishedAt`) in `from…to`, oldest first: all companies', or one
    /// symbol's. A reader at time t asks for `to: t` and sees nothing published later.
    public func disclosures(symbol: Symbol? = nil, from: Timestamp? = nil, to: Timestamp? = nil, limit: Int? = nil) throws(Failure) -> [Disclosure] {
        var filter = RowFilter()
        filter.add("stock_code = ?", symbol?.code)
        filter.add("published_at >= ?", from?.nanoseconds)
        filter.add("published_at <= ?", to?.nanoseconds)
        let order = limit == nil ? "ORDER BY published_at, receipt_number" : "ORDER BY published_at DESC, receipt_number DESC LIMIT \(limit!)"
        do {
            let rows = try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM disclosures \(filter.sql) \(order)", arguments: filter.arguments)
            }
            let found = rows.map { row in
                Disclosure(
                    corpCode: row["corp_code"], corpName: row["corp_name"], stockCode: row["stock_code"], corpClass: row["corp_class"],
                    reportName: row["report_name"], receiptNumber: row["receipt_number"], filerName: row["filer"], receiptDate: row["receipt_date"],
                    remarks: row["remarks"])
            }
            return limit == nil ? found : found.reversed()
        } catch {
            throw Failure(description: "cannot read disclosures: \(error)")
        }
    }

    /// Where collector `name` stopped (its own format: a date, a page, an ETag), or nil before its first run.
    public func cursor(_ name: String) throws(Failure) -> String? {
        do { return try pool.read { db in try String.fetchOne(db, sql: "SELECT position FROM collector_cursors WHERE collector = ?", arguments: [name]) } } catch {
            throw Failure(description: "cannot read the cursor of \(name): \(error)")
        }
    }

    /// Records where collector `name` stopped.
    public func setCursor(_ name: String, _ position: String) throws(Failure) {
        do {
            try pool.write { db in
                try db.execute(
                    sql: "INSERT OR REPLACE INTO collector_cursors (collector, position, updated_at) VALUES (?, ?, ?)",
                    arguments: [name, position, Int64(Date().timeIntervalSince1970 * 1e9)])
            }
        } catch {
            throw Failure(description: "cannot record the cursor of \(name): \(error)")
        }
    }
}

/// A WHERE clause built from the conditions whose values are given.
struct RowFilter {
    private var conditions: [String] = []
    private var values: [any DatabaseValueConvertible] = []

    /// Adds `condition` (with one `?`) when `value` is not nil.
    mutating func add(_ condition: String, _ value: (any DatabaseValueConvertible)?) {
        guard let value else { return }
        conditions.append(condition)
        values.append(value)
    }

    var sql: String { conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ") }
    var arguments: StatementArguments { StatementArguments(values) }
}
