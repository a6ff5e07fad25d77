import Foundation
public import KumoCore
public import KumoData
import PostgresNIO

extension PostgresMarketStore {
    @discardableResult
    public func storeCorpCodes(_ codes: [CorpCode]) throws(Failure) -> Int {
        do {
            return try transaction {
                var changed = 0
                for c in codes {
                    changed += Self.changed(try run(
                        """
                        INSERT INTO corp_codes (corp_code, name, stock_code, modified) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (corp_code) DO UPDATE SET name = excluded.name, stock_code = excluded.stock_code, modified = excluded.modified
                        WHERE (corp_codes.name, corp_codes.stock_code, corp_codes.modified) IS DISTINCT FROM (excluded.name, excluded.stock_code, excluded.modified)
                        """, Self.binds([c.corpCode, c.name, c.stockCode, c.modified])))
                }
                return changed
            }
        } catch {
            throw Failure(description: "storing \(codes.count) company codes failed, nothing was written: \(String(reflecting: error))")
        }
    }

    public func corpCodes() throws(Failure) -> [CorpCode] {
        do {
            return try reading {
                try run("SELECT corp_code, name, stock_code, modified FROM corp_codes ORDER BY corp_code COLLATE \"C\"").rows.map { row in
                    let (code, name, stock, modified) = try row.decode((String, String, String?, String).self)
                    return CorpCode(corpCode: code, name: name, stockCode: stock, modified: modified)
                }
            }
        } catch {
            throw Failure(description: "cannot read the company codes: \(String(reflecting: error))")
        }
    }

    public func companyProfiles() throws(Failure) -> [CompanyProfile] {
        do {
            return try reading { try run("SELECT profile FROM company_profiles ORDER BY corp_code COLLATE \"C\"").rows.map { try $0.decode(String.self) } }
                .map { try JSONDecoder().decode(CompanyProfile.self, from: Data($0.utf8)) }
        } catch {
            throw Failure(description: "cannot read the company profiles: \(String(reflecting: error))")
        }
    }

    public func corpCode(of symbol: Symbol) throws(Failure) -> String? {
        do {
            return try reading {
                try run("SELECT corp_code FROM corp_codes WHERE stock_code = $1 ORDER BY modified DESC LIMIT 1", Self.binds([symbol.code])).rows.first
                    .map { try $0.decode(String.self) }
            }
        } catch {
            throw Failure(description: "cannot read the company code of \(symbol.code): \(String(reflecting: error))")
        }
    }

    @discardableResult
    public func storeCompanyProfile(_ profile: CompanyProfile) throws(Failure) -> Bool {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let json = String(decoding: try encoder.encode(profile), as: UTF8.self)
            return try transaction {
                Self.changed(try run(
                    """
                    INSERT INTO company_profiles (corp_code, profile) VALUES ($1, $2)
                    ON CONFLICT (corp_code) DO UPDATE SET profile = excluded.profile WHERE company_profiles.profile IS DISTINCT FROM excluded.profile
                    """, Self.binds([profile.corpCode, json]))) > 0
            }
        } catch {
            throw Failure(description: "storing the profile of \(profile.corpCode) failed: \(String(reflecting: error))")
        }
    }

    public func companyProfile(_ corpCode: String) throws(Failure) -> CompanyProfile? {
        do {
            let json = try reading {
                try run("SELECT profile FROM company_profiles WHERE corp_code = $1", Self.binds([corpCode])).rows.first.map { try $0.decode(String.self) }
            }
            return try json.map { try JSONDecoder().decode(CompanyProfile.self, from: Data($0.utf8)) }
        } catch {
            throw Failure(description: "cannot read the profile of \(corpCode): \(String(reflecting: error))")
        }
    }

    @discardableResult
    public func storeFinancialLines(_ lines: [FinancialLine]) throws(Failure) -> Int {
        do {
            return try transaction {
                var changed = 0
                for l in lines {
                    changed += Self.changed(try run(
                        """
                        INSERT INTO financial_lines
                        (corp_code, year, report, basis, statement, account, stock_code, receipt_number, current, previous, before_previous, ord, currency)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                        ON CONFLICT (corp_code, year, report, basis, statement, account) DO UPDATE SET
                          stock_code = excluded.stock_code, receipt_number = excluded.receipt_number, current = excluded.current,
                          previous = excluded.previous, before_previous = excluded.before_previous, ord = excluded.ord, currency = excluded.currency
                        WHERE (financial_lines.receipt_number, financial_lines.current, financial_lines.previous, financial_lines.before_previous)
                          IS DISTINCT FROM (excluded.receipt_number, excluded.current, excluded.previous, excluded.before_previous)
                        """,
                        Self.binds([
                            l.corpCode, l.businessYear, l.report.rawValue, l.statementBasis, l.statement, l.account, l.stockCode, l.receiptNumber, l.current,
                            l.previous, l.beforePrevious, l.order, l.currency,
                        ])))
                }
                return changed
            }
        } catch {
            throw Failure(description: "storing \(lines.count) financial lines failed, nothing was written: \(String(reflecting: error))")
        }
    }

    public func financialLines(corpCode: String?, year: Int? = nil, report: FinancialLine.Report? = nil) throws(Failure) -> [FinancialLine] {
        do {
            return try reading {
                try run(
                    """
                    SELECT receipt_number, report, year, corp_code, stock_code, basis, statement, account, current, previous, before_previous, ord, currency
                    FROM financial_lines WHERE ($1::TEXT IS NULL OR corp_code = $1) AND ($2::INTEGER IS NULL OR year = $2) AND ($3::TEXT IS NULL OR report = $3)
                    ORDER BY corp_code COLLATE "C", year, report COLLATE "C", basis COLLATE "C", statement COLLATE "C", ord
                    """, Self.binds([corpCode, year, report?.rawValue])
                ).rows.map { row in
                    let (receipt, report, year, corp, stock, basis, statement, account, current, previous, before, order, currency) = try row.decode(
                        (String, String, Int, String, String?, String, String, String, Int64?, Int64?, Int64?, Int, String).self)
                    return FinancialLine(
                        receiptNumber: receipt, report: FinancialLine.Report(rawValue: report) ?? .annual, businessYear: year, corpCode: corp, stockCode: stock,
                        statementBasis: basis, statement: statement, account: account, current: current, previous: previous, beforePrevious: before,
                        order: order, currency: currency)
                }
            }
        } catch {
            throw Failure(description: "cannot read the financial lines of \(corpCode ?? "every company"): \(String(reflecting: error))")
        }
    }

    public func econSeries() throws(Failure) -> [(name: String, periods: Int, last: String)] {
        do {
            return try reading {
                try run(
                    """
                    SELECT series, COUNT(DISTINCT period), MAX(period COLLATE "C") FROM econ_observations GROUP BY series ORDER BY series COLLATE "C"
                    """
                ).rows.map { try $0.decode((String, Int, String).self) }.map { (name: $0.0, periods: $0.1, last: $0.2) }
            }
        } catch {
            throw Failure(description: "cannot list economic series: \(String(reflecting: error))")
        }
    }
}
