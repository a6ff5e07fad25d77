import Foundation
import GRDB
public import KumoCore

extension MarketDataStore {
    /// Stores DART's company codes (a newer entry replaces an older one) in one transaction.
    /// - Returns: how many were new or changed.
    @discardableResult
    public func storeCorpCodes(_ codes: [CorpCode]) throws(Failure) -> Int {
        do {
            return try pool.write { db in
                var changed = 0
                for c in codes {
                    try db.execute(
                        sql: """
                            INSERT INTO corp_codes (corp_code, name, stock_code, modified) VALUES (?, ?, ?, ?)
                            ON CONFLICT (corp_code) DO UPDATE SET name = excluded.name, stock_code = excluded.stock_code, modified = excluded.modified
                            WHERE name IS NOT excluded.name OR stock_code IS NOT excluded.stock_code OR modified IS NOT excluded.modified
                            """, arguments: [c.corpCode, c.name, c.stockCode, c.modified])
                    changed += db.changesCount
                }
                return changed
            }
        } catch {
            throw Failure(description: "storing \(codes.count) company codes failed, nothing was written: \(error)")
        }
    }

    /// The DART company code of a listed `symbol`, if the store has the codes (`kumo collect corp-codes`).
    public func corpCode(of symbol: Symbol) throws(Failure) -> String? {
        do { return try pool.read { db in try String.fetchOne(db, sql: "SELECT corp_code FROM corp_codes WHERE stock_code = ? ORDER BY modified DESC", arguments: [symbol.code]) } } catch {
            throw Failure(description: "cannot read the company code of \(symbol.code): \(error)")
        }
    }

    /// Every stored company code, by code.
    public func corpCodes() throws(Failure) -> [CorpCode] {
        do {
            return try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT corp_code, name, stock_code, modified FROM corp_codes ORDER BY corp_code").map {
                    CorpCode(corpCode: $0["corp_code"], name: $0["name"], stockCode: $0["stock_code"], modified: $0["modified"])
                }
            }
        } catch {
            throw Failure(description: "cannot read the company codes: \(error)")
        }
    }

    /// Every stored company profile, by company code.
    public func companyProfiles() throws(Failure) -> [CompanyProfile] {
        do {
            return try pool.read { db in try String.fetchAll(db, sql: "SELECT profile FROM company_profiles ORDER BY corp_code") }
                .map { try JSONDecoder().decode(CompanyProfile.self, from: Data($0.utf8)) }
        } catch {
            throw Failure(description: "cannot read the company profiles: \(error)")
        }
    }

    /// Stores a company profile (replacing an older one); true when it was new or changed.
    @discardableResult
    public func storeCompanyProfile(_ profile: CompanyProfile) throws(Failure) -> Bool {
        do {
            let json = String(decoding: try JSONEncoder.sorted.encode(profile), as: UTF8.self)
            return try pool.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO company_profiles (corp_code, profile) VALUES (?, ?)
                        ON CONFLICT (corp_code) DO UPDATE SET profile = excluded.profile WHERE profile IS NOT excluded.profile
                        """, arguments: [profile.corpCode, json])
                return db.changesCount > 0
            }
        } catch {
            throw Failure(description: "storing the profile of \(profile.corpCode) failed: \(error)")
        }
    }

    /// The stored profile of company `corpCode`.
    public func companyProfile(_ corpCode: String) throws(Failure) -> CompanyProfile? {
        do {
            guard let json = try pool.read({ db in try String.fetchOne(db, sql: "SELECT profile FROM company_profiles WHERE corp_code = ?", arguments: [corpCode]) }) else {
                return nil
            }
            return try JSONDecoder().decode(CompanyProfile.self, from: Data(json.utf8))
        } catch {
            throw Failure(description: "cannot read the profile of \(corpCode): \(error)")
        }
    }

    /// Stores financial statement lines, one per company, year, report, basis, statement and
    /// account: a restated amount replaces the old; the same lines again change nothing.
    /// - Returns: how many were new or changed.
    @discardableResult
    public func storeFinancialLines(_ lines: [FinancialLine]) throws(Failure) -> Int {
        do {
            return try pool.write { db in
                var changed = 0
                for l in lines {
                    try db.execute(
                        sql: """
                            INSERT INTO financial_lines
                            (corp_code, year, report, basis, statement, account, stock_code, receipt_number, current, previous, before_previous, ord, currency)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (corp_code, year, report, basis, statement, account) DO UPDATE SET
                              stock_code = excluded.stock_code, receipt_number = excluded.receipt_number, current = excluded.current,
                              previous = excluded.previous, before_previous = excluded.before_previous, ord = excluded.ord, currency = excluded.currency
                            WHERE receipt_number IS NOT excluded.receipt_number OR current IS NOT excluded.current OR previous IS NOT excluded.previous
                              OR before_previous IS NOT excluded.before_previous
                            """,
                        arguments: [
                            l.corpCode, l.businessYear, l.report.rawValue, l.statementBasis, l.statement, l.account, l.stockCode, l.receiptNumber, l.current, l.previous,
                            l.beforePrevious, l.order, l.currency,
                        ])
                    changed += db.changesCount
                }
                return changed
            }
        } catch {
            throw Failure(description: "storing \(lines.count) financial lines failed, nothing was written: \(error)")
        }
    }

    /// Company `corpCode`'s stored lines (every company's when nil; of one year and report when
    /// given), by company, year, report, basis, statement, then order.
    public func financialLines(corpCode: String?, year: Int? = nil, report: FinancialLine.Report? = nil) throws(Failure) -> [FinancialLine] {
        var filter = RowFilter()
        filter.add("corp_code = ?", corpCode)
        filter.add("year = ?", year)
        filter.add("report = ?", report?.rawValue)
        do {
            let rows = try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM financial_lines \(filter.sql) ORDER BY corp_code, year, report, basis, statement, ord", arguments: filter.arguments)
            }
            return rows.map { row in
                FinancialLine(
                    receiptNumber: row["receipt_number"], report: FinancialLine.Report(rawValue: row["report"]) ?? .annual, businessYear: row["year"],
                    corpCode: row["corp_code"], stockCode: row["stock_code"], statementBasis: row["basis"], statement: row["statement"], account: row["account"],
                    current: row["current"], previous: row["previous"], beforePrevious: row["before_previous"], order: row["ord"], currency: row["currency"])
            }
        } catch {
            throw Failure(description: "cannot read the financial lines of \(corpCode ?? "every company"): \(error)")
        }
    }
}

extension JSONEncoder {
    /// An encoder with sorted keys, so the same value always encodes to the same text.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }
}
