import Foundation
import KumoCore
import KumoKIS
import Testing

struct KISRealtimeTests {
    private func parsedRecords(_ path: String) throws -> [[String: String]] {
        guard case .array(let records) = try KISExamples.json(path)["records"] else { return [] }
        return records.map { record in Dictionary(uniqueKeysWithValues: record.fields.map { ($0.name, $0.value.text ?? "") }) }
    }

    @Test func twoRecordTradeFrameSplitsByTheRecordWidth() throws {
        let frame = try KISDataFrame.parse(try KISExamples.text("ws/11_frame_H0STCNT0.txt").trimmingCharacters(in: .whitespacesAndNewlines)) { _ in nil }
        let expected = try parsedRecords("ws/11_frame_H0STCNT0_parsed.json")
        #expect(frame.trID == "H0STCNT0" && !frame.isEncrypted)
        #expect(frame.records.count == 2)
        #expect(frame.records.map(\.dictionary) == expected)
        #expect(frame.records.allSatisfy { $0.values.count == 47 })
    }

    @Test func tradeRecordBecomesATickInKoreanTime() throws {
        let frame = try KISDataFrame.parse(try KISExamples.text("ws/11_frame_H0STCNT0.txt").trimmingCharacters(in: .whitespacesAndNewlines)) { _ in nil }
        let trade = try KISTrade(frame.records[0])
        #expect(trade.symbol == "005930")
        #expect(trade.price == Price(units: 71500))
        #expect(trade.quantity == 15)
        #expect(trade.cumulativeVolume == 1_234_567)
        #expect(trade.aggressor == .buy)
        #expect(trade.marketClass == "2")
        #expect(trade.bestAsk == Price(units: 71600) && trade.bestBid == Price(units: 71500))
        // 2025-06-02 09:30:15 KST is 00:30:15 UTC.
        #expect(trade.time == Timestamp(year: 2025, month: 6, day: 2, hour: 0, minute: 30, second: 15))
    }

    @Test func officialFortySixFieldTradeIsStillRead() throws {
        let frame = try KISDataFrame.parse(try KISExamples.lines("ws/11b_frame_H0STCNT0_official_doc_example_46fields.txt")[0]) { _ in nil }
        let trade = try KISTrade(frame.records[0])
        #expect(frame.records[0].values.count == 46)
        #expect(trade.price == Price(units: 71900) && trade.quantity == 1 && trade.marketClass.isEmpty)
        #expect(frame.records[0]["VI_STND_PRC"] == "72100")
    }

    @Test func afterMarketTradeCarriesItsMarketClass() throws {
        let frame = try KISDataFrame.parse(try KISExamples.lines("ws/11c_frame_H0STCNT0_aftermarket_47fields.txt")[0]) { _ in nil }
        let trade = try KISTrade(frame.records[0])
        #expect(trade.marketClass == "3")
        #expect(frame.records[0]["NEW_MKOP_CLS_CODE"] == "30")
    }

    @Test func bookFrameGivesTenLevelsEachSide() throws {
        let frame = try KISDataFrame.parse(try KISExamples.lines("ws/12_frame_H0STASP0.txt")[0]) { _ in nil }
        let expected = try parsedRecords("ws/12_frame_H0STASP0_parsed.json")
        #expect(frame.records.map(\.dictionary) == expected)
        let book = try KISOrderBook(frame.records[0])
        let quote = try book.quote(on: CivilDate(year: 2025, month: 6, day: 2)!)
        #expect(book.asks.count == 10 && book.bids.count == 10)
        #expect(quote.asks[0] == Quote.Level(price: Price(units: 71600), quantity: 23456))
        #expect(quote.bids[9] == Quote.Level(price: Price(units: 70600), quantity: 12000))
        #expect(quote.time == Timestamp(year: 2025, month: 6, day: 2, hour: 0, minute: 30, second: 15))
    }

    @Test func encryptedNoticesDecryptWithTheSubscriptionKey() throws {
        let reference = try KISExamples.json("ws/13_frame_H0STCNI0_decrypted.json")
        let ack = try KISControlMessage.parse(try KISExamples.text("ws/05_subscribe_ack_H0STCNI0.json"))
        guard case .reply(let reply) = ack, let cipher = reply.cipher else {
            Issue.record("the subscription reply carries no key")
            return
        }
        #expect(cipher.key == reference["key"]?.text && cipher.iv == reference["iv"]?.text)
        let lines = try KISExamples.lines("ws/13_frame_H0STCNI0_encrypted.txt")
        var frames: [KISDataFrame] = []
        for line in lines { frames.append(try KISDataFrame.parse(line) { $0 == "H0STCNI0" ? cipher : nil }) }
        let allEncrypted = frames.allSatisfy { $0.isEncrypted }
        #expect(allEncrypted)
        for (frame, name) in zip(frames, ["accept", "fill"]) {
            let expected = Dictionary(uniqueKeysWithValues: (reference["parsed_\(name)"]?.fields ?? []).map { ($0.name, $0.value.text ?? "") })
            #expect(frame.records[0].dictionary == expected)
            #expect(frame.records[0].values.joined(separator: "^") == reference["plaintext_\(name)"]?.text)
        }
        let accepted = try KISExecutionNotice(frames[0].records[0])
        let filled = try KISExecutionNotice(frames[1].records[0])
        #expect(accepted.kind == .accepted && filled.kind == .filled)
        #expect(filled.orderNumber == "0000002891" && filled.isBuy && filled.symbol == "005930")
        #expect(filled.quantity == 10 && filled.price == Price(units: 71500) && filled.timeOfDay == "093015")
    }

    @Test func cipherRoundTripsAndRefusesAWrongKey() throws {
        let cipher = try KISCipher(key: "abcdefghijklmnopabcdefghijklmnop", iv: "0123456789abcdef")
        let other = try KISCipher(key: "ABCDEFGHIJKLMNOPABCDEFGHIJKLMNOP", iv: "0123456789abcdef")
        let sealed = cipher.encrypt("myhtsid^8101234501^0000000001")
        #expect(try cipher.decrypt(sealed) == "myhtsid^8101234501^0000000001")
        #expect(throws: KISDecodingError.self) { try other.decrypt(sealed) }
        #expect(throws: KISDecodingError.self) { try KISCipher(key: "short", iv: "0123456789abcdef") }
    }

    @Test(arguments: [
        ("0|H0STCNT0|001|005930^093015", "1 record(s); a record has 47 or 46"),
        ("0|H0STCNT0|01|005930", "three digits"),
        ("2|H0STCNT0|001|x", "expected <0|1>"),
        ("1|H0STCNI0|001|AAAA", "no subscription reply gave its key"),
        ("0|H0XXXXX0|001|a^b", "not a TR this client reads"),
    ])
    func malformedFramesNameTheirTRAndTheFault(frame: String, fault: String) {
        #expect {
            try KISDataFrame.parse(frame) { _ in nil }
        } throws: { error in
            "\(error)".contains(fault)
        }
    }

    @Test func formattedFramesParseBack() throws {
        let cipher = try KISCipher(key: "abcdefghijklmnopabcdefghijklmnop", iv: "0123456789abcdef")
        let frame = try KISDataFrame.parse(try KISExamples.lines("ws/11_frame_H0STCNT0.txt")[0]) { _ in nil }
        let again = KISDataFrame.format(trID: "H0STCNT0", records: frame.records.map(\.values))
        #expect(again == (try KISExamples.lines("ws/11_frame_H0STCNT0.txt")[0]))
        let notice = KISDataFrame.format(trID: "H0STCNI0", records: [Array(repeating: "1", count: 26)], cipher: cipher)
        #expect(try KISDataFrame.parse(notice) { _ in cipher }.records[0].values == Array(repeating: "1", count: 26))
    }

    @Test func subscriptionMessagesMatchTheExamples() throws {
        for (path, subscribe) in [("ws/01_subscribe_H0STCNT0.json", true), ("ws/03_subscribe_H0STASP0.json", true), ("ws/04_subscribe_H0STCNI0.json", true), ("ws/06_unsubscribe_H0STCNT0.json", false)] {
            let example = try KISExamples.json(path)
            let parsed = try KISSubscription.parse(try KISExamples.text(path))
            #expect(parsed.subscribe == subscribe)
            let written = try KISJSON.parse(parsed.subscription.message(approvalKey: parsed.approvalKey, subscribe: subscribe), what: path)
            #expect(written["header"] == example["header"].map(Self.sorted))
            #expect(written["body"] == example["body"].map(Self.sorted))
        }
    }

    @Test func controlRepliesAndPingPongAreRecognised() throws {
        guard case .reply(let ack) = try KISControlMessage.parse(try KISExamples.text("ws/02_subscribe_ack_H0STCNT0.json")) else {
            Issue.record("not a reply")
            return
        }
        #expect(ack.isSuccess && ack.code == "OPSP0000" && ack.trKey == "005930" && ack.cipher != nil)
        guard case .reply(let unsubscribed) = try KISControlMessage.parse(try KISExamples.text("ws/07_unsubscribe_ack.json")) else { return }
        #expect(unsubscribed.code == "OPSP0001" && unsubscribed.cipher == nil)
        guard case .reply(let over) = try KISControlMessage.parse(try KISExamples.text("ws/09_error_max_subscribe.json")) else { return }
        #expect(!over.isSuccess && over.code == "OPSP0008" && over.message == "MAX SUBSCRIBE OVER")
        let ping = try KISExamples.json("ws/10_pingpong.json")["frame"]!.serialized
        #expect(try KISControlMessage.parse(ping) == .pingPong(ping))
        #expect(try KISJSON.parse(KISControlMessage.pingPong(datetime: "20250602093000"), what: "ping") == Self.sorted(try KISExamples.json("ws/10_pingpong.json")["frame"]!))
        let written = try KISJSON.parse(ack.serialized, what: "ack")
        #expect(written == Self.sorted(try KISExamples.json("ws/02_subscribe_ack_H0STCNT0.json")))
    }

    @Test func controlCodesOfTheNotesAreAllKnown() throws {
        let codes = try KISExamples.json("ws/08_control_codes.json").fields.map(\.name).filter { !$0.hasPrefix("_") }
        #expect(codes == ["OPSP0000", "OPSP0001", "OPSP0002", "OPSP0003", "OPSP0007", "OPSP0008", "OPSP8996"])
    }

    @Test func fieldListsEqualTheNotes() throws {
        for (path, names) in [("fields/H0STCNT0.json", KISFieldList.trade), ("fields/H0STASP0.json", KISFieldList.orderBook), ("fields/H0STCNI0.json", KISFieldList.executionNotice)] {
            let listed = try KISExamples.json(path)["fields"]?.elements.compactMap { $0.elements.first?.text ?? $0.text } ?? []
            #expect(listed == names, "\(path)")
            #expect(try KISExamples.json(path)["record_width"]?.text == String(names.count))
        }
    }

    /// `value` with every object's keys sorted, as parsing writes them.
    static func sorted(_ value: KISJSON) -> KISJSON {
        switch value {
        case .object(let fields): .object(fields.sorted { $0.name < $1.name }.map { KISField($0.name, sorted($0.value)) })
        case .array(let values): .array(values.map(sorted))
        default: value
        }
    }
}
