import Foundation
import KumoCore
import KumoKIS
import Testing

struct KISRestMessageTests {
    @Test func tokenReplyGivesItsExpiryInKoreanTime() throws {
        let now = Timestamp(year: 2025, month: 6, day: 2, hour: 0, minute: 12, second: 44)!
        let token = try KISToken(reply: try KISExamples.json("rest/01_oauth_tokenP_response.json"), now: now)
        #expect(token.accessToken == "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzUxMiJ9.FAKE.FAKE")
        // 2025-06-03 09:12:44 KST = 00:12:44 UTC, a day after `now`.
        #expect(token.expiresAt == Timestamp(year: 2025, month: 6, day: 3, hour: 0, minute: 12, second: 44))
        let written = try KISToken(reply: token.reply(now: now), now: now)
        #expect(written == token)
        #expect(token.reply(now: now)["expires_in"]?.text == "86400")
    }

    @Test func tokenTooSoonUsesTheOtherEnvelope() throws {
        let response = KISResponse(status: 403, body: try KISExamples.json("rest/01_oauth_tokenP_error_EGW00133.json"))
        #expect(!response.isSuccess)
        #expect(response.failure == KISFailure(status: 403, code: KISCode.tokenTooSoon, message: "접근토큰 발급 잠시 후 다시 시도하세요(1분당 1회)"))
    }

    @Test func authRequestBodiesMatchTheExamples() throws {
        let token = try KISExamples.json("rest/01_oauth_tokenP_request.json")["body"]!
        let approval = try KISExamples.json("rest/03_oauth_Approval_request.json")["body"]!
        #expect(KISRealtimeTests.sorted(KISAuthRequest.token(appKey: token["appkey"]!.text!, appSecret: token["appsecret"]!.text!)) == token)
        #expect(KISRealtimeTests.sorted(KISAuthRequest.approval(appKey: approval["appkey"]!.text!, appSecret: approval["secretkey"]!.text!)) == approval)
        #expect(try KISAuthRequest.approvalKey(try KISExamples.json("rest/03_oauth_Approval_response.json")) == "35xxxxxa-bxxa-4xxb-87xxx-f56xxxxxxxxxx")
        let hash = try KISExamples.json("rest/04_hashkey_response.json")
        #expect(hash["HASH"]?.text?.count == 64)
    }

    @Test func cashOrderBodyIsTheExamplesAndReadsBack() throws {
        let example = try KISExamples.json("rest/20_order_cash_buy_request.json")
        let order = try KISCashOrder(body: example["body"]!, isBuy: true)
        #expect(order.symbol == "005930" && order.division == .limit && order.quantity == 10 && order.price == Price(units: 71500))
        #expect(order.account == (try KISAccount(number: "81012345", product: "01")))
        #expect(KISRealtimeTests.sorted(order.body) == example["body"])
        #expect(KISEnvironment.real.trID(.buy) == example["headers"]?["tr_id"]?.text)
        #expect(KISEnvironment.paper.trID(.buy) == "VTTC0012U" && KISEnvironment.paper.trID(.sell) == "VTTC0011U")
        #expect(KISEnvironment.paper.trID(.currentPrice) == "FHKST01010100")
        #expect(KISEnvironment.paper.trID(.dailyOrders) == "VTTC0081R" && KISEnvironment.paper.noticeTR == "H0STCNI9")
        var market = order
        market.division = .market
        #expect(market.body["ORD_UNPR"]?.text == "0")
    }

    @Test func orderRepliesAndTheRejection() throws {
        let receipt = try KISOrderReceipt(reply: try KISExamples.json("rest/20_order_cash_response.json"))
        #expect(receipt == KISOrderReceipt(branch: "06010", orderNumber: "0001569157", time: "155211"))
        let amended = try KISOrderReceipt(reply: try KISExamples.json("rest/21_order_rvsecncl_response.json"))
        #expect(amended.orderNumber == "0001569139")
        let reject = KISResponse(status: 200, body: try KISExamples.json("rest/20_order_cash_reject_APBK0952.json"))
        #expect(reject.failure == KISFailure(status: 200, code: KISCode.insufficientCash, message: "주문가능금액을 초과 했습니다"))
        #expect(KISResponse(status: 200, body: try KISExamples.json("rest/20_order_cash_response.json")).isSuccess)
    }

    @Test func reviseAndCancelBodiesMatchTheExamples() throws {
        let example = try KISExamples.json("rest/21_order_rvsecncl_request.json")
        let cancel = try KISReviseOrder(body: example["body_cancel_all"]!)
        #expect(cancel.isCancel && cancel.quantity == nil && cancel.originalOrderNumber == "0001569157")
        #expect(KISRealtimeTests.sorted(cancel.body) == example["body_cancel_all"])
        #expect(throws: KISDecodingError.self) { try KISReviseOrder(body: example["body_amend_official_example"]!) }  // CANO 810XXXXX
        let amend = KISJSON.object(example["body_amend_official_example"]!.fields.map { $0.name == "CANO" ? KISField("CANO", .string("81012345")) : $0 })
        let parsed = try KISReviseOrder(body: amend)
        #expect(!parsed.isCancel && parsed.quantity == 1 && parsed.price == Price(units: 180000))
    }

    @Test func balanceGivesHoldingsAndTheSummary() throws {
        let reply = try KISExamples.json("rest/22_inquire_balance_response.json")
        let holdings = try reply["output1"]!.elements.map(KISHolding.init(row:))
        let summary = try KISBalanceSummary(row: reply["output2"]!.elements[0])
        #expect(holdings == [KISHolding(symbol: "009150", name: "삼성전기", quantity: 1657, sellable: 1611, averagePrice: Price(parsing: "135440.2517")!, lastPrice: Price(micros: 0))])
        #expect(summary == KISBalanceSummary(deposit: Price(units: 346_455), settledCash: Price(units: 346_455), securitiesValue: Price(units: 1_759_600), totalValue: Price(units: 2_106_055)))
        let response = KISResponse(status: 200, body: reply)
        #expect(response.isSuccess && response.message == "조회가 완료되었습니다" && response.code == "KIOK0510")
        #expect(reply["ctx_area_fk100"]?.text?.count == 100)
    }

    @Test func dailyOrdersGiveFilledAndRejectedQuantities() throws {
        let reply = try KISExamples.json("rest/23_inquire_daily_ccld_response.json")
        let orders = try reply["output1"]!.elements.map(KISDailyOrder.init(row:))
        #expect(orders.count == 1)
        #expect(orders[0].orderNumber == "0001568197" && orders[0].isBuy && orders[0].symbol == "009150")
        #expect(orders[0].quantity == 10 && orders[0].rejected == 10 && orders[0].filledQuantity == 0 && orders[0].price == Price(units: 150000))
        #expect(reply["output2"]?["tot_ord_qty"]?.text == "281")
    }

    @Test func buyingPowerAndRevisableOrders() throws {
        let power = try KISBuyingPower(reply: try KISExamples.json("rest/24_inquire_psbl_order_response.json"))
        #expect(power == KISBuyingPower(orderableCash: Price(units: 741_191_178), cashBuyAmount: Price(units: 107_177_377), cashBuyQuantity: 1531, maxBuyAmount: Price(units: 1_482_382_356), maxBuyQuantity: 21176))
        let rows = try (try KISExamples.json("rest/25_inquire_psbl_rvsecncl_response.json"))["output"]!.elements.map(KISRevisableOrder.init(row:))
        #expect(rows.count == 1 && rows[0].orderNumber == "0001569139" && rows[0].revisable == 1 && rows[0].isBuy)
    }

    @Test func quotesChartsAndHolidays() throws {
        let price = try KISCurrentPrice(reply: try KISExamples.json("rest/10_inquire_price_response.json"))
        #expect(price.last == Price(units: 71500) && price.base == Price(units: 70800))
        #expect(price.upperLimit == Price(units: 92000) && price.lowerLimit == Price(units: 49600) && price.tick == Price(units: 100) && !price.isHalted)
        // The notes' values follow KRX's rules: the limits are the base ± 30% cut to the tick.
        let limits = KRXPriceLimits.limits(base: price.base, market: .kospi, on: CivilDate(year: 2025, month: 6, day: 2)!)
        #expect(limits.lower == price.lowerLimit && limits.upper == price.upperLimit)
        let daily = try KISChart.bars(try KISExamples.json("rest/11_inquire_daily_itemchartprice_response.json"))
        #expect(daily.last?.close == Price(units: 71500) && daily.last?.volume == 1_234_567)
        #expect(zip(daily, daily.dropFirst()).allSatisfy { $0.time < $1.time })
        let minutes = try KISChart.bars(try KISExamples.json("rest/12_inquire_time_itemchartprice_response.json"))
        #expect(minutes.last?.time == Timestamp(year: 2025, month: 6, day: 2, hour: 0, minute: 30))
        #expect(minutes.last?.close == Price(units: 71400) && minutes.last?.volume == 12000)
        let days = try (try KISExamples.json("rest/26_chk_holiday.json"))["response"]!["output"]!.elements.map(KISMarketDay.init(row:))
        #expect(days.map(\.isOpen) == [true, true, false, false])
        #expect(days[2].date == CivilDate(year: 2025, month: 10, day: 3))
    }

    @Test func gatewayErrorsAreReadWithTheirCodes() throws {
        for (path, code) in [("rest/90_error_EGW00201_rate_limit.json", KISCode.rateLimited), ("rest/91_error_EGW00121_invalid_token.json", KISCode.invalidToken), ("rest/92_error_EGW00123_expired_token.json", KISCode.expiredToken)] {
            let example = try KISExamples.json(path)
            let status = Int(example["http_status"]!.text!)!
            let response = KISResponse(status: status, body: example["body"]!)
            #expect(response.failure?.code == code && status == 500)
            #expect(KISRealtimeTests.sorted(KISResponse.failure(code: code, message: response.message)) == example["body"])
        }
    }

    @Test func commonHeadersAndRequestQueriesNameKnownTransactions() throws {
        let headers = try KISExamples.json("rest/00_common_headers.json")["GET_or_POST_request_headers"]!
        #expect(Set(headers.fields.map(\.name)) == ["content-type", "authorization", "appkey", "appsecret", "tr_id", "custtype", "tr_cont"])
        for (path, transaction) in [
            ("rest/10_inquire_price_request.json", KISTransaction.currentPrice), ("rest/11_inquire_daily_itemchartprice_request.json", .dailyChart),
            ("rest/12_inquire_time_itemchartprice_request.json", .minuteChart), ("rest/22_inquire_balance_request.json", .balance),
            ("rest/23_inquire_daily_ccld_request.json", .dailyOrders), ("rest/24_inquire_psbl_order_request.json", .buyingPower),
        ] {
            let example = try KISExamples.json(path)
            #expect(example["headers"]?["tr_id"]?.text == transaction.rawValue)
            #expect(example["_comment"]?.text?.contains(transaction.path) == true, "\(path)")
            #expect(KISEnvironment.transaction(of: transaction.rawValue)?.0 == transaction)
        }
        let revoke = try KISExamples.json("rest/02_oauth_revokeP_request.json")["body"]!
        #expect(Set(revoke.fields.map(\.name)) == ["appkey", "appsecret", "token"])
        let hashRequest = try KISExamples.json("rest/04_hashkey_request.json")["body"]!
        #expect(hashRequest["PDNO"]?.text == "005930")
        #expect(try KISExamples.json("ws/00_connection.json")["real"]?.text == KISEnvironment.real.webSocketURL)
        #expect(try KISExamples.json("ws/00_connection.json")["paper"]?.text == KISEnvironment.paper.webSocketURL)
    }

    @Test func everyExampleFileIsReadByATest() throws {
        let source = try ["KISRealtimeTests.swift", "KISRestMessageTests.swift"].map {
            try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent($0), encoding: .utf8)
        }.joined()
        let unread = try KISExamples.allFiles().filter { !source.contains("\"\($0)\"") }
        #expect(unread.isEmpty, "example files no test reads: \(unread)")
    }
}
