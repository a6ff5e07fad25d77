/// What a KRX trade costs: the broker's commission on both sides and, on sells, the securities
/// transaction tax (증권거래세 + 농어촌특별세), both cut to whole won.
public enum KRXTransactionCosts {
    /// The tax on sell proceeds in basis points of a percent (0.20% = 20), by market and
    /// settlement year. The year is the settlement (T+2) year: the last two trading days of a
    /// year already use the next year's rate.
    public static func taxBasisPoints(market: Market, kind: SecurityKind, settlementYear year: Int) -> Int64 {
        if kind != .stock { return 0 }  // domestic ETFs/ETNs are exempt on sale
        switch market {
        case .foreign: return 0
        case .konex: return 10
        case .kospi, .kosdaq, .nxt:
            switch year {
            case ..<2019: return 30
            case 2019...2020: return 25
            case 2021...2022: return 23
            case 2023: return 20
            case 2024: return 18
            case 2025: return 15
            default: return 20  // 2026 onwards: back to 0.20%
            }
        }
    }

    /// The year a trade on `tradeDate` settles in (T+2 trading days), which sets its tax rate. Steps
    /// over weekends, the year-end closing day (the last weekday of December) and New Year's Day;
    /// other holidays never move a settlement across a year boundary.
    public static func settlementYear(tradeDate: CivilDate) -> Int {
        guard tradeDate.month == 12, tradeDate.day >= 20 else { return tradeDate.year }
        func isYearEndClosing(_ date: CivilDate) -> Bool {
            guard date.month == 12, !date.isWeekend else { return false }
            var next = date.adding(days: 1)
            while next.isWeekend { next = next.adding(days: 1) }
            return next.year != date.year
        }
        var date = tradeDate
        var days = 0
        while days < 2 {
            date = date.adding(days: 1)
            if !date.isWeekend, !isYearEndClosing(date), !(date.month == 1 && date.day == 1) { days += 1 }
        }
        return date.year
    }

    /// Commission and tax of one fill, each truncated to whole won.
    /// - Parameters:
    ///   - commissionRate: the broker's rate in millionths (0.015% = 150).
    public static func costs(
        isSell: Bool, price: Price, quantity: Int64, market: Market, kind: SecurityKind = .stock, settlementYear: Int,
        commissionRatePerMillion: Int64 = 150
    ) -> (commission: Price, tax: Price) {
        precondition(quantity >= 0, "Quantity cannot be negative: \(quantity)")
        let (notional, overflow) = price.micros.multipliedReportingOverflow(by: quantity)
        precondition(!overflow, "Trade value overflows: \(price) × \(quantity)")
        let commissionWon = notional / Price.scale * commissionRatePerMillion / 1_000_000
        let taxWon = isSell ? notional / Price.scale * taxBasisPoints(market: market, kind: kind, settlementYear: settlementYear) / 10_000 : 0
        return (Price(units: commissionWon), Price(units: taxWon))
    }
}
