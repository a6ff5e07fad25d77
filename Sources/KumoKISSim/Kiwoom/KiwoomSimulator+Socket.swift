import Foundation
import KumoCore
import KumoKiwoom

extension KiwoomSimulator {
    /// Opens a session; its frames arrive on the stream until it closes.
    public func openSession() -> (id: Int, frames: AsyncStream<SimulatorFrame>) {
        let (stream, continuation) = AsyncStream<SimulatorFrame>.makeStream()
        let id = nextSession
        nextSession += 1
        sessions[id] = Session(continuation: continuation)
        return (id, stream)
    }

    public func closeSession(_ id: Int) {
        sessions[id]?.continuation.finish()
        sessions[id] = nil
    }

    /// Closes every session, as a dropped connection would.
    public func dropSessions() {
        for session in sessions.values {
            session.continuation.yield(.close)
            session.continuation.finish()
        }
        sessions = [:]
    }

    /// A client's message: `LOGIN` with a token this simulator issued, `REG` of items and types, or a `PING` echo.
    public func receive(_ text: String, from id: Int) {
        guard sessions[id] != nil, let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any], let service = object["trnm"] as? String else { return }
        func answer(_ code: Int, _ message: String) {
            let reply = (try? JSONSerialization.data(withJSONObject: ["trnm": service, "return_code": code, "return_msg": message], options: [.sortedKeys])) ?? Data()
            sessions[id]?.continuation.yield(.text(String(decoding: reply, as: UTF8.self)))
        }
        switch service {
        case "LOGIN":
            guard let token = object["token"] as? String, tokens.contains(token) else { return answer(100013, "토큰이 유효하지 않습니다.") }
            sessions[id]?.loggedIn = true
            answer(0, "")
        case "REG":
            guard sessions[id]?.loggedIn == true else { return answer(100013, "로그인이 필요합니다.") }
            for entry in object["data"] as? [[String: Any]] ?? [] {
                for item in entry["item"] as? [String] ?? [] where !item.isEmpty { sessions[id]?.items.insert(item) }
                for type in entry["type"] as? [String] ?? [] { sessions[id]?.types.insert(type) }
            }
            answer(0, "")
        default: break  // PING echoes
        }
    }

    /// Sends PING to every session.
    public func ping() {
        for session in sessions.values { session.continuation.yield(.text(#"{"trnm":"PING"}"#)) }
    }

    /// A KRX print goes out as a `0B` trade and a `0D` book around it to the sessions that registered its code.
    func pushMarket(_ print: SimulatedExchange.Print) {
        let book = SimulatedExchange.book(around: print)
        let sign = print.price >= (exchange.day[print.symbol]?.base ?? print.price) ? "+" : "-"
        var depth: [String: String] = ["21": KiwoomEvents.timeOfDay(print.time)]
        for (index, (ask, bid)) in zip(book.asks, book.bids).enumerated() {
            depth[String(41 + index)] = sign + String(ask.price.micros / Price.scale)
            depth[String(51 + index)] = sign + String(bid.price.micros / Price.scale)
            depth[String(61 + index)] = String(ask.quantity)
            depth[String(71 + index)] = String(bid.quantity)
        }
        let trade = KiwoomRealtime.Item(
            type: "0B", item: print.symbol,
            values: [
                "20": KiwoomEvents.timeOfDay(print.time), "10": sign + String(print.price.micros / Price.scale), "15": "+" + String(print.quantity),
                "13": String(exchange.day[print.symbol]?.volume ?? print.quantity),
            ])
        for (type, item) in [("0B", trade), ("0D", KiwoomRealtime.Item(type: "0D", item: print.symbol, values: depth))] {
            let text = KiwoomRealtime.real([item])
            for session in sessions.values where session.loggedIn && session.types.contains(type) && session.items.contains(print.symbol) {
                session.continuation.yield(.text(text))
            }
        }
    }

    /// An order notice as `00` to every session that registered it.
    func push(_ notice: SimulatedExchange.Notice) {
        let text = KiwoomRealtime.real([noticeItem(notice)])
        for session in sessions.values where session.loggedIn && session.types.contains("00") { session.continuation.yield(.text(text)) }
    }

    func noticeItem(_ notice: SimulatedExchange.Notice) -> KiwoomRealtime.Item {
        let order: SimulatedExchange.Order
        var values: [String: String] = [:]
        switch notice {
        case .accepted(let placed):
            order = placed
            values["913"] = "접수"
            values["905"] = placed.isBuy ? "+매수" : "-매도"
        case .filled(let filled, let quantity, let price, let time, let venue):
            order = filled
            fillNumber += 1
            values["913"] = "체결"
            values["905"] = filled.isBuy ? "+매수" : "-매도"
            values["909"] = String(fillNumber)
            values["910"] = String(price.micros / Price.scale)
            values["911"] = String(quantity)
            values["908"] = KiwoomEvents.timeOfDay(time)
            values["2134"] = venue == .krx ? "1" : "2"
        case .cancelled(let cancelled, _):
            order = cancelled
            values["913"] = "확인"
            values["905"] = cancelled.isBuy ? "매수취소" : "매도취소"
        case .amended(let amended):
            order = amended
            values["913"] = "확인"
            values["905"] = amended.isBuy ? "매수정정" : "매도정정"
        }
        values["9201"] = "5001234501"
        values["9203"] = order.number
        values["904"] = order.originalNumber
        values["9001"] = "A" + order.symbol
        values["907"] = order.isBuy ? "2" : "1"
        values["900"] = String(order.quantity)
        values["901"] = String((order.limit?.micros ?? 0) / Price.scale)
        values["902"] = String(order.remaining)
        values["908"] = values["908"] ?? KiwoomEvents.timeOfDay(exchange.now)
        return KiwoomRealtime.Item(type: "00", item: "", values: values)
    }
}
