import Foundation
import KumoCore
import KumoKiwoom
import Testing

/// Kiwoom's wire shapes: signed numbers and prefixed codes, the REAL items Kumo reads (a `00`
/// notice shaped like the public client code's sample), the request bodies' field names.
struct KiwoomWireTests {
    static let day = CivilDate(year: 2026, month: 12, day: 3)!

    @Test func numbersAndCodesLoseTheirSignsAndPrefixes() {
        #expect(KiwoomNumber.integer("+70100") == 70_100 && KiwoomNumber.integer("-69900") == 69_900 && KiwoomNumber.integer("12") == 12)
        #expect(KiwoomNumber.integer("") == nil && KiwoomNumber.integer("1,000") == nil && KiwoomNumber.integer("+") == nil)
        #expect(KiwoomNumber.code("A005930") == "005930" && KiwoomNumber.code("005930_NX") == "005930" && KiwoomNumber.code("005930") == "005930")
    }

    @Test func aFillNoticeReadsAsAFill() throws {
        let text = #"{"trnm":"REAL","data":[{"type":"00","name":"주문체결","item":"","values":{"9203":"12345","9001":"A049430","913":"체결","302":"sample","905":"+매수","907":"2","910":"12000","911":"10","909":"77","908":"093015","2134":"2"}}]}"#
        guard case .real(let items) = try KiwoomRealtime.parse(text) else { Issue.record("not REAL"); return }
        let notice = try KiwoomEvents.order(items[0])
        #expect(notice.kind == .filled && notice.orderNumber == "12345" && notice.symbol == "049430" && notice.isBuy)
        #expect(notice.fillQuantity == 10 && notice.fillPrice == Price(units: 12_000) && notice.fillNumber == "77" && notice.venue == .nxt)
        // A state Kumo does not know is named.
        var odd = items[0]
        odd.values["913"] = "보류"
        #expect(throws: KiwoomDecodingError("00 12345: 913 (order state) '보류' is not 접수, 체결, 확인 or 거부")) { try KiwoomEvents.order(odd) }
    }

    @Test func tradesAndBooksReadOnTheGivenDay() throws {
        let trade = KiwoomRealtime.Item(type: "0B", item: "005930", values: ["20": "091503", "10": "-70100", "15": "-25"])
        let (code, tick) = try KiwoomEvents.trade(trade, on: Self.day)
        #expect(code == "005930" && tick.price == Price(units: 70_100) && tick.quantity == 25 && tick.side == .sell)
        #expect(tick.time == Timestamp(year: 2026, month: 12, day: 3, hour: 9, minute: 15, second: 3, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)!)
        var values = ["21": "091503"]
        for level in 0..<10 {
            values[String(41 + level)] = "+" + String(70_200 + 100 * level)
            values[String(51 + level)] = "+" + String(70_100 - 100 * level)
            values[String(61 + level)] = String(10 + level)
            values[String(71 + level)] = String(20 + level)
        }
        let (_, book) = try KiwoomEvents.book(KiwoomRealtime.Item(type: "0D", item: "005930", values: values), on: Self.day)
        #expect(book.asks.count == 10 && book.asks[0] == Quote.Level(price: Price(units: 70_200), quantity: 10))
        #expect(book.bids[9] == Quote.Level(price: Price(units: 69_200), quantity: 29))
        #expect(throws: KiwoomDecodingError.self) { try KiwoomEvents.trade(KiwoomRealtime.Item(type: "0B", item: "005930", values: ["20": "9:15", "10": "1", "15": "1"]), on: Self.day) }
    }

    @Test func requestBodiesUseKiwoomsFieldNames() throws {
        let order = KiwoomOrderRequest(exchange: "SOR", symbol: "005930", quantity: 10, price: nil, tradeType: KiwoomOrderRequest.market)
        let fields = try JSONSerialization.jsonObject(with: JSONEncoder().encode(order)) as? [String: String]
        #expect(fields == ["dmst_stex_tp": "SOR", "stk_cd": "005930", "ord_qty": "10", "ord_uv": "", "trde_tp": "3", "cond_uv": ""])
        let cancel = try JSONSerialization.jsonObject(with: JSONEncoder().encode(KiwoomCancelRequest(exchange: "KRX", originalOrderNumber: "0000024", symbol: "005930", quantity: nil))) as? [String: String]
        #expect(cancel == ["dmst_stex_tp": "KRX", "orig_ord_no": "0000024", "stk_cd": "005930", "cncl_qty": "0"])
        let reply = try JSONDecoder().decode(KiwoomOrderResponse.self, from: Data(#"{"ord_no":"00024","dmst_stex_tp":"KRX","return_code":0,"return_msg":"정상적으로 처리되었습니다"}"#.utf8))
        #expect(reply.orderNumber == "00024" && reply.returnCode == 0)
        #expect(KiwoomRealtime.register(items: ["005930"], types: ["0B", "0D"]) == #"{"data":[{"item":["005930"],"type":["0B","0D"]}],"grp_no":"1","refresh":"1","trnm":"REG"}"#)
    }
}
