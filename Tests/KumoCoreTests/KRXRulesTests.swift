import Foundation
import KumoCore
import Testing

/// The KRX rules against the tables of `../shared/domain/krx/`.
struct KRXRulesTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/domain/krx")

    static func json(_ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(name))) as! [String: Any]
    }

    static let after2023 = CivilDate(year: 2024, month: 6, day: 3)!
    static let before2023 = CivilDate(year: 2020, month: 6, day: 3)!

    /// Checks each band's lower bound, a middle price and the last price before the next band.
    func checkBands(_ bands: [(Int64, Int64?, Int64)], market: Market, on date: CivilDate) {
        for (low, high, tick) in bands {
            for won in [low, low + (high.map { ($0 - low) / 2 } ?? 12_345), (high ?? low + 1) - 1] where won > 0 {
                #expect(KRXTickSize.tick(for: Price(units: won), market: market, on: date) == Price(units: tick), "\(market) \(won) on \(date)")
            }
        }
    }

    @Test func ticksFollowTheUnifiedTableSince2023() throws {
        let table = try Self.json("tick_size.json")
        let bands = (table["stock_bands"] as! [[String: Any]]).map {
            (($0["min"] as! NSNumber).int64Value, ($0["max"] as? NSNumber)?.int64Value, ($0["tick"] as! NSNumber).int64Value)
        }
        for market in [Market.kospi, .kosdaq, .konex] { checkBands(bands, market: market, on: Self.after2023) }
        #expect(KRXTickSize.tick(for: Price(units: 12_345), kind: .etf, on: Self.after2023) == Price(units: Int64(table["etf_etn_elw_tick"] as! Int)))
    }

    @Test func ticksFollowTheOldPerMarketTablesBefore2023() throws {
        let old = try Self.json("tick_size.json")["pre_2023_for_backtests"] as! [String: Any]
        for (name, market) in [("KOSPI", Market.kospi), ("KOSDAQ", Market.kosdaq)] {
            let bands = (old[name] as! [[Any]]).map {
                (($0[0] as! NSNumber).int64Value, ($0[1] as? NSNumber)?.int64Value, ($0[2] as! NSNumber).int64Value)
            }
            checkBands(bands, market: market, on: Self.before2023)
        }
    }

    @Test func pricesRoundToTheirBandsGrid() {
        #expect(KRXTickSize.round(Price(units: 71_550), .down) == Price(units: 71_500))
        #expect(KRXTickSize.round(Price(units: 71_550), .up) == Price(units: 71_600))
        #expect(KRXTickSize.round(Price(units: 71_549)) == Price(units: 71_500))
        #expect(KRXTickSize.round(Price(units: 1999), .up) == Price(units: 1999))
        #expect(KRXTickSize.round(Price(units: 4998), .up) == Price(units: 5000))
        #expect(KRXTickSize.round(Price(parsing: "2003.7")!, .nearest) == Price(units: 2005))
    }

    @Test func priceLimitsReproduceTheObservedQuotes() throws {
        let examples = try Self.json("price_limit_examples.json")
        let rows = (examples["verified"] as! [[String: Any]]) + (examples["derived"] as! [[String: Any]])
        for row in rows {
            let base = Price(units: (row["base"] as! NSNumber).int64Value)
            let (lower, upper) = KRXPriceLimits.limits(base: base, on: Self.after2023)
            #expect(upper == Price(units: (row["upper"] as! NSNumber).int64Value), "base \(base)")
            #expect(lower == Price(units: (row["lower"] as! NSNumber).int64Value), "base \(base)")
        }
        let edge = KRXPriceLimits.limits(base: Price(units: 1990), on: Self.after2023)
        #expect(edge.upper == Price(units: 2585))  // 2,587 cut to the 5-won grid of its band
        #expect(KRXPriceLimits.ratePercent(market: .kospi, on: CivilDate(year: 2015, month: 6, day: 12)!) == 15)
        #expect(KRXPriceLimits.ratePercent(market: .konex, on: Self.after2023) == 15)
    }

    @Test func transactionTaxFollowsTheSettlementYear() throws {
        let tax = try Self.json("transaction_tax.json")
        for (name, market) in [("KOSPI", Market.kospi), ("KOSDAQ", Market.kosdaq)] {
            for (year, entry) in tax[name] as! [String: [String: Double]] {
                let expected = Int64((entry["total_pct"]! * 100).rounded())
                #expect(KRXTransactionCosts.taxBasisPoints(market: market, kind: .stock, settlementYear: Int(year)!) == expected, "\(name) \(year)")
            }
        }
        #expect(KRXTransactionCosts.taxBasisPoints(market: .konex, kind: .stock, settlementYear: 2025) == 10)
        let sell = KRXTransactionCosts.costs(isSell: true, price: Price(units: 71_500), quantity: 10, market: .kospi, settlementYear: 2025)
        #expect(sell.commission == Price(units: 107))  // 715,000 × 0.015% = 107.25 → 107
        #expect(sell.tax == Price(units: 1072))  // 715,000 × 0.15% = 1,072.5 → 1,072
        let buy = KRXTransactionCosts.costs(isSell: false, price: Price(units: 71_500), quantity: 10, market: .kospi, settlementYear: 2025)
        #expect(buy.tax == Price(units: 0))
    }

    /// The domain notes: sells from 2024-12-27 (the last two trading days before the 12-31 closing) paid 2025's rate.
    @Test func theLastTwoTradingDaysOfAYearSettleInTheNext() {
        func year(_ y: Int, _ m: Int, _ d: Int) -> Int { KRXTransactionCosts.settlementYear(tradeDate: CivilDate(year: y, month: m, day: d)!) }
        #expect(year(2024, 12, 26) == 2024)  // settles Mon 12-30
        #expect(year(2024, 12, 27) == 2025)  // Fri; Mon 12-30, then Tue 12-31 is closed: Thu 01-02
        #expect(year(2024, 12, 30) == 2025)
        #expect(year(2025, 12, 26) == 2025)  // Fri; Mon 12-29, Tue 12-30
        #expect(year(2025, 12, 29) == 2026)  // Wed 12-31 is the closing day, Thu 01-01 a holiday: Fri 01-02
        #expect(year(2025, 6, 30) == 2025)
    }

    static func kst(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int) -> Timestamp {
        Timestamp(year: year, month: month, day: day, hour: hour, minute: minute, utcOffsetSeconds: 9 * 3600)!
    }

    @Test func sessionsFollowTheScheduleInKoreaTime() throws {
        let sessions = KRXSessions()
        let continuous = ((try Self.json("sessions.json")["regime_until_2026_09_11"] as! [String: Any])["continuous"] as! [String: String])["time"]
        #expect(continuous == "09:00-15:20")
        #expect(sessions.phase(at: Self.kst(2024, 6, 3, 8, 59)) == .openingAuction)
        #expect(sessions.phase(at: Self.kst(2024, 6, 3, 9, 0)) == .continuous)
        #expect(sessions.phase(at: Self.kst(2024, 6, 3, 15, 19)) == .continuous)
        #expect(sessions.phase(at: Self.kst(2024, 6, 3, 15, 25)) == .closingAuction)
        #expect(sessions.phase(at: Self.kst(2024, 6, 3, 15, 35)) == nil)
        #expect(sessions.phase(at: Self.kst(2024, 6, 3, 17, 0)) == .afterHoursSinglePrice)
        #expect(sessions.phase(at: Self.kst(2026, 9, 14, 19, 0)) == .afterMarket)
        #expect(sessions.phase(at: Self.kst(2024, 6, 1, 10, 0)) == nil)  // a Saturday
        #expect(sessions.isOpen(at: Self.kst(2024, 6, 3, 10, 0)))
        #expect(!sessions.isOpen(at: Self.kst(2024, 6, 3, 16, 30)))
    }

    @Test func theNextOpenSkipsWeekendsHolidaysAndTheLateFirstDay() {
        let holidays: Set = [CivilDate(year: 2024, month: 6, day: 6)!]  // 현충일
        let sessions = KRXSessions(calendar: WeekdayCalendar(holidays: holidays))
        #expect(sessions.nextOpen(after: Self.kst(2024, 6, 5, 16, 0)) == Self.kst(2024, 6, 7, 9, 0))
        #expect(sessions.nextOpen(after: Self.kst(2024, 6, 7, 16, 0)) == Self.kst(2024, 6, 10, 9, 0))
        let newYear = KRXSessions(calendar: WeekdayCalendar(holidays: [CivilDate(year: 2024, month: 1, day: 1)!]))
        #expect(newYear.nextOpen(after: Self.kst(2023, 12, 29, 16, 0)) == Self.kst(2024, 1, 2, 10, 0))
    }

    @Test func civilDatesKnowTheirWeekdays() {
        #expect(CivilDate(year: 2024, month: 6, day: 3)!.weekday == 1)
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.weekday == 4)
        #expect(CivilDate(year: 2024, month: 2, day: 28)!.adding(days: 2).description == "2024-03-01")
        #expect(CivilDate(parsing: "2023-02-29") == nil)
    }
}
