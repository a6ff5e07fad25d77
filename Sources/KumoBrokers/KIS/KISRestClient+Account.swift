public import KumoCore
public import KumoKIS

extension KISRestClient {
    /// Places a cash buy or sell.
    public func submit(_ order: KISCashOrder) -> KISOrderOutcome { place(order.isBuy ? .buy : .sell, body: order.body) }

    /// Amends or cancels an order.
    public func revise(_ order: KISReviseOrder) -> KISOrderOutcome { place(.reviseOrCancel, body: order.body) }

    /// The stock's price now and the day's limits.
    public func currentPrice(_ symbol: String) throws(BrokerError) -> KISCurrentPrice {
        let response = try query(.currentPrice, [("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", symbol)])
        do throws(KISDecodingError) { return try KISCurrentPrice(reply: response.body) } catch { throw .malformed(error) }
    }

    /// The account's holdings and cash, every page.
    public func balance() throws(BrokerError) -> (holdings: [KISHolding], summary: KISBalanceSummary) {
        let pages = try pages(
            .balance,
            [
                ("CANO", settings.account.number), ("ACNT_PRDT_CD", settings.account.product), ("AFHR_FLPR_YN", "N"), ("OFL_YN", ""),
                ("INQR_DVSN", "02"), ("UNPR_DVSN", "01"), ("FUND_STTL_ICLD_YN", "N"), ("FNCG_AMT_AUTO_RDPT_YN", "N"), ("PRCS_DVSN", "00"),
            ])
        do throws(KISDecodingError) {
            var holdings: [KISHolding] = []
            for row in pages.flatMap({ $0.body["output1"]?.elements ?? [] }) { holdings.append(try KISHolding(row: row)) }
            guard let summaryRow = pages.last?.body["output2"]?.elements.first else { throw KISDecodingError("inquire-balance: no output2 summary") }
            return (holdings.filter { $0.quantity > 0 || $0.sellable > 0 }, try KISBalanceSummary(row: summaryRow))
        } catch { throw .malformed(error) }
    }

    /// Orders and fills of the days `from` through `to` (YYYYMMDD, KST), oldest first, every page.
    public func dailyOrders(from: String, to: String, orderNumber: String = "") throws(BrokerError) -> [KISDailyOrder] {
        let pages = try pages(
            .dailyOrders,
            [
                ("CANO", settings.account.number), ("ACNT_PRDT_CD", settings.account.product), ("INQR_STRT_DT", from), ("INQR_END_DT", to),
                ("SLL_BUY_DVSN_CD", "00"), ("INQR_DVSN", "01"), ("PDNO", ""), ("CCLD_DVSN", "00"), ("ORD_GNO_BRNO", ""), ("ODNO", orderNumber),
                ("INQR_DVSN_3", "00"), ("INQR_DVSN_1", ""), ("EXCG_ID_DVSN_CD", "KRX"),
            ])
        do throws(KISDecodingError) {
            var orders: [KISDailyOrder] = []
            for row in pages.flatMap({ $0.body["output1"]?.elements ?? [] }) { orders.append(try KISDailyOrder(row: row)) }
            return orders
        } catch { throw .malformed(error) }
    }

    /// What a cash buy of `symbol` at `price` (nil: at market) can spend.
    public func buyingPower(symbol: String, price: Price?) throws(BrokerError) -> KISBuyingPower {
        let response = try query(
            .buyingPower,
            [
                ("CANO", settings.account.number), ("ACNT_PRDT_CD", settings.account.product), ("PDNO", symbol),
                ("ORD_UNPR", price.map(KISNumber.text) ?? "0"), ("ORD_DVSN", price == nil ? "01" : "00"), ("CMA_EVLU_AMT_ICLD_YN", "N"),
                ("OVRS_ICLD_YN", "N"),
            ])
        do throws(KISDecodingError) { return try KISBuyingPower(reply: response.body) } catch { throw .malformed(error) }
    }

    /// Daily or minute bars of `symbol` from the chart TRs, oldest first.
    public func dailyBars(_ symbol: String, from: String, to: String) throws(BrokerError) -> [Bar] {
        let response = try query(
            .dailyChart,
            [
                ("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", symbol), ("FID_INPUT_DATE_1", from), ("FID_INPUT_DATE_2", to),
                ("FID_PERIOD_DIV_CODE", "D"), ("FID_ORG_ADJ_PRC", "0"),
            ])
        do throws(KISDecodingError) { return try KISChart.bars(response.body) } catch { throw .malformed(error) }
    }
}
