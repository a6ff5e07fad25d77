import Foundation
import KumoCore
import KumoKIS

extension KISSimulator {
    /// A print goes out as a trade and a book around it: `H0STCNT0`/`H0STASP0` on KRX,
    /// `H0NXCNT0`/`H0NXASP0` (the same layouts) on Nextrade.
    func pushMarket(_ print: SimulatedExchange.Print) {
        let (tradeTR, bookTR) = print.venue == .krx ? ("H0STCNT0", "H0STASP0") : ("H0NXCNT0", "H0NXASP0")
        let trade = tradeRecord(print)
        send(trID: tradeTR, trKey: print.symbol) { _ in KISDataFrame.format(trID: tradeTR, records: [trade]) }
        let book = bookRecord(print)
        send(trID: bookTR, trKey: print.symbol) { _ in KISDataFrame.format(trID: bookTR, records: [book]) }
    }

    func tick(_ price: Price, _ print: SimulatedExchange.Print) -> Price {
        KRXTickSize.tick(for: price, market: .kospi, on: CivilDate(print.time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds))
    }

    func tradeRecord(_ print: SimulatedExchange.Print) -> [String] {
        let today = exchange.day[print.symbol]
        let base = today?.base ?? print.price
        let change = print.price.micros - base.micros
        let sign = change > 0 ? "2" : change < 0 ? "5" : "3"
        let step = tick(print.price, print).micros
        let values: [String: String] = [
            "MKSC_SHRN_ISCD": print.symbol, "STCK_CNTG_HOUR": KISTime.timeOfDay(print.time), "STCK_PRPR": KISNumber.text(print.price),
            "PRDY_VRSS_SIGN": sign, "PRDY_VRSS": KISNumber.text(Price(micros: change)),
            "PRDY_CTRT": String(format: "%.2f", Double(change) / Double(max(base.micros, 1)) * 100),
            "STCK_OPRC": KISNumber.text(today?.open ?? print.price), "STCK_HGPR": KISNumber.text(today?.high ?? print.price),
            "STCK_LWPR": KISNumber.text(today?.low ?? print.price), "ASKP1": KISNumber.text(Price(micros: print.price.micros + step)),
            "BIDP1": KISNumber.text(print.price), "CNTG_VOL": String(print.quantity), "ACML_VOL": String(today?.volume ?? print.quantity),
            "CCLD_DVSN": printIndex % 2 == 0 ? "1" : "5", "BSOP_DATE": KISTime.date(print.time), "NEW_MKOP_CLS_CODE": "20", "TRHT_YN": "N",
            "HOUR_CLS_CODE": "0", "MARKET_CLS_CODE": "2",
        ]
        let names = settings.legacyTradeLayout ? Array(KISFieldList.trade.dropLast()) : KISFieldList.trade
        return names.map { values[$0] ?? (["MRKT_TRTM_CLS_CODE", "VI_STND_PRC"].contains($0) ? "" : "0") }
    }

    func bookRecord(_ print: SimulatedExchange.Print) -> [String] {
        let book = SimulatedExchange.book(around: print)
        var values: [String: String] = ["MKSC_SHRN_ISCD": print.symbol, "BSOP_HOUR": KISTime.timeOfDay(print.time), "HOUR_CLS_CODE": "0", "STCK_DEAL_CLS_CODE": "00"]
        for (index, (ask, bid)) in zip(book.asks, book.bids).enumerated() {
            values["ASKP\(index + 1)"] = KISNumber.text(ask.price)
            values["BIDP\(index + 1)"] = KISNumber.text(bid.price)
            values["ASKP_RSQN\(index + 1)"] = String(ask.quantity)
            values["BIDP_RSQN\(index + 1)"] = String(bid.quantity)
        }
        values["ACML_VOL"] = String(exchange.day[print.symbol]?.volume ?? print.quantity)
        return KISFieldList.orderBook.map { values[$0] ?? "0" }
    }

    /// An execution notice, encrypted with each subscriber's key; the `duplicate-notice` and
    /// `reorder-notice` faults send a fill twice, or hold an acceptance until after its first fill.
    func push(_ notice: SimulatedExchange.Notice) {
        let record = noticeRecord(notice)
        let tr = settings.environment.noticeTR
        func deliver(_ values: [String]) {
            noticesSent += 1
            send(trID: tr, trKey: settings.htsID) { KISDataFrame.format(trID: tr, records: [values], cipher: $0) }
        }
        switch notice {
        case .accepted(let order):
            if !faults.take(.ws, kinds: [.reorderNotice]).isEmpty {
                heldAcceptances[order.number] = record.joined(separator: "^")
                return
            }
            deliver(record)
        case .filled(let order, _, _, _, _):
            let duplicate = !faults.take(.ws, kinds: [.duplicateNotice]).isEmpty
            deliver(record)
            if duplicate { deliver(record) }
            if let held = heldAcceptances.removeValue(forKey: order.number) {
                deliver(held.split(separator: "^", omittingEmptySubsequences: false).map(String.init))
            }
        default:
            deliver(record)
        }
    }

    func noticeRecord(_ notice: SimulatedExchange.Notice) -> [String] {
        let order: SimulatedExchange.Order
        var quantity: Int64
        var price: Price
        var time = exchange.now
        var kind = (cntg: "1", acpt: "1", rctf: "0")
        var venue: TradingVenue?
        switch notice {
        case .accepted(let placed):
            order = placed
            quantity = placed.quantity
            price = placed.limit ?? Price(micros: 0)
        case .filled(let filled, let amount, let at, let when, let on):
            order = filled
            (quantity, price, time, venue) = (amount, at, when, on)
            kind = ("2", "2", "0")
        case .cancelled(let cancelled, let amount):
            order = cancelled
            (quantity, price) = (amount, cancelled.limit ?? Price(micros: 0))
            kind = ("1", "3", "2")
        case .amended(let amended):
            order = amended
            (quantity, price) = (amended.quantity, amended.limit ?? Price(micros: 0))
            kind = ("1", "2", "1")
        }
        let values: [String: String] = [
            "CUST_ID": settings.htsID, "ACNT_NO": settings.account.number + settings.account.product, "ODER_NO": order.number,
            "OODER_NO": order.originalNumber, "SELN_BYOV_CLS": order.isBuy ? "02" : "01", "RCTF_CLS": kind.rctf,
            "ODER_KIND": order.limit == nil ? "01" : "00", "ODER_COND": "0", "STCK_SHRN_ISCD": order.symbol,
            "CNTG_QTY": String(quantity).leftPadded(to: 10), "CNTG_UNPR": KISNumber.text(price).leftPadded(to: 9),
            "STCK_CNTG_HOUR": KISTime.timeOfDay(time), "RFUS_YN": "0", "CNTG_YN": kind.cntg, "ACPT_YN": kind.acpt,
            "BRNC_NO": order.branch, "ODER_QTY": String(order.quantity).leftPadded(to: 9), "ACNT_NAME": "모의계좌", "ORD_COND_PRC": "0",
            "ORD_EXG_GB": Self.exchangeCode(order.route, filledOn: venue), "POPUP_YN": "Y", "CNTG_ISNM40": order.symbol, "ODER_PRC": KISNumber.text(order.limit ?? Price(micros: 0)).leftPadded(to: 9),
        ]
        return KISFieldList.executionNotice.map { values[$0] ?? "" }
    }

    /// `ORD_EXG_GB`: 1 KRX, 2 NXT, 3 SOR filled on KRX, 4 SOR filled on NXT (3 before a fill).
    static func exchangeCode(_ route: OrderRoute, filledOn venue: TradingVenue?) -> String {
        switch route {
        case .krx: "1"
        case .nxt: "2"
        case .sor: venue == .nxt ? "4" : "3"
        }
    }
}
