import Dispatch
import KumoCore
import KumoEngine
import KumoKiwoom
import Synchronization

/// What the Kiwoom connection has for the engine, filled from the REST queue and the WebSocket
/// task and drained in order on the engine thread. A fill notice for an order whose number the
/// REST reply has not given yet waits for it; a fill seen twice (the same 체결번호) is dropped.
final class KiwoomInbox: Sendable {
    struct State {
        var inputs: [BrokerInput] = []
        var orders: [String: ClientOrderID] = [:]
        var waiting: [String: [KiwoomEvents.OrderNotice]] = [:]
        var seenFills: Set<String> = []
        var unanswered: [ClientOrderID] = []
        var sent = 0, notices = 0, duplicates = 0
        var lastProblem = ""
    }

    let state = Mutex(State())
    let arrived = DispatchSemaphore(value: 0)
    let tradingDay: @Sendable () -> CivilDate

    init(tradingDay: @escaping @Sendable () -> CivilDate) { self.tradingDay = tradingDay }

    func post(_ input: BrokerInput) {
        state.withLock { $0.inputs.append(input) }
        arrived.signal()
    }

    func drain() -> [BrokerInput] {
        state.withLock { state in
            defer { state.inputs.removeAll() }
            return state.inputs
        }
    }

    func wait(timeout: Double) { _ = arrived.wait(timeout: .now() + timeout) }

    func sent() { state.withLock { $0.sent += 1 } }
    func problem(_ text: String) { state.withLock { $0.lastProblem = text } }
    func unanswered(_ id: ClientOrderID) { state.withLock { $0.unanswered.append(id) } }
    func takeUnanswered() -> [ClientOrderID] {
        state.withLock { state in
            defer { state.unanswered.removeAll() }
            return state.unanswered
        }
    }

    /// Kiwoom's number `number` is order `id`: `report` goes out first, then any notices that waited for it.
    func know(_ number: String, is id: ClientOrderID, then report: BrokerInput? = nil) {
        state.withLock { state in
            state.orders[number] = id
            if let report { state.inputs.append(report) }
            for notice in state.waiting.removeValue(forKey: number) ?? [] { Self.deliver(notice, id: id, into: &state, day: tradingDay()) }
        }
        arrived.signal()
    }

    /// A `00` notice: fills become reports (once each); an amendment's new number joins its order.
    func note(_ notice: KiwoomEvents.OrderNotice) {
        state.withLock { state in
            state.notices += 1
            if state.orders[notice.orderNumber] == nil, let id = state.orders[notice.originalOrderNumber], !notice.originalOrderNumber.isEmpty {
                state.orders[notice.orderNumber] = id
            }
            guard notice.kind == .filled else { return }
            let key = notice.orderNumber + "/" + notice.fillNumber
            guard state.seenFills.insert(key).inserted else {
                state.duplicates += 1
                return
            }
            guard let id = state.orders[notice.orderNumber] else {
                state.waiting[notice.orderNumber, default: []].append(notice)
                return
            }
            Self.deliver(notice, id: id, into: &state, day: tradingDay())
        }
        arrived.signal()
    }

    static func deliver(_ notice: KiwoomEvents.OrderNotice, id: ClientOrderID, into state: inout State, day: CivilDate) {
        let time = (try? KiwoomEvents.instant(notice.time, on: day, what: "00 908")) ?? Timestamp(nanoseconds: 0)  // no time: the kernel keeps its own clock
        state.inputs.append(.report(.filled(id, quantity: notice.fillQuantity, price: notice.fillPrice, time: time, venue: notice.venue)))
    }

    var counts: (sent: Int, notices: Int, duplicates: Int, unanswered: Int, problem: String, waiting: Int) {
        state.withLock { ($0.sent, $0.notices, $0.duplicates, $0.unanswered.count, $0.lastProblem, $0.waiting.values.reduce(0) { $0 + $1.count }) }
    }
}
