public import KumoCore
public import KumoEngine
public import KumoKIS
import Dispatch
import Synchronization

/// What the REST thread and the WebSocket task hand to the engine thread, and the order numbers
/// that tie KIS's notices to the engine's orders. A fill notice for an order whose reply has not
/// come back waits for it, so the engine always hears of an acceptance before its fills; a notice
/// seen before is dropped (reconciliation restores a fill that was truly repeated).
public final class KISBrokerInbox: Sendable {
    struct State {
        var inbox: [BrokerInput] = []
        var orders: [String: ClientOrderID] = [:]
        var branches: [String: String] = [:]
        var waiting: [String: [KISExecutionNotice]] = [:]
        var seenFills: Set<String> = []
        var unanswered: [ClientOrderID] = []
        var lastDate: [String: CivilDate] = [:]
        var sent = 0
        var notices = 0
        var duplicates = 0
        var lastProblem = ""
    }

    let state = Mutex(State())
    let probe: KISLatencyProbe?
    /// Signalled after each post, so the engine sleeps until there is something to take.
    let arrived = DispatchSemaphore(value: 0)

    public init(probe: KISLatencyProbe? = nil) { self.probe = probe }

    func post(_ input: BrokerInput) {
        state.withLock { $0.inbox.append(input) }
        arrived.signal()
    }

    /// Waits up to `timeout` seconds for a post.
    public func wait(timeout: Double) { _ = arrived.wait(timeout: .now() + timeout) }

    /// Everything posted since the last call, in order.
    public func drain() -> [BrokerInput] {
        state.withLock { state in
            let taken = state.inbox
            state.inbox.removeAll(keepingCapacity: true)
            return taken
        }
    }

    /// The engine order KIS's `number` belongs to.
    func order(for number: String) -> ClientOrderID? { state.withLock { $0.orders[number] } }
    func branch(for number: String) -> String { state.withLock { $0.branches[number] ?? "" } }

    /// Ties `number` to `id` (a reply, a restart's journal, a snapshot) and lets waiting notices through.
    func know(_ number: String, is id: ClientOrderID, branch: String = "", then input: BrokerInput? = nil) {
        state.withLock { state in
            state.orders[number] = id
            if !branch.isEmpty { state.branches[number] = branch }
            if let input { state.inbox.append(input) }
            for notice in state.waiting.removeValue(forKey: number) ?? [] { Self.deliver(notice, id: id, into: &state) }
        }
        arrived.signal()
    }

    func rememberBranch(_ number: String, _ branch: String) {
        guard !branch.isEmpty else { return }
        state.withLock { $0.branches[number] = branch }
    }

    func sent() { state.withLock { $0.sent += 1 } }
    func unanswered(_ id: ClientOrderID, _ why: String) {
        state.withLock {
            $0.unanswered.append(id)
            $0.lastProblem = why
        }
    }
    func problem(_ text: String) { state.withLock { $0.lastProblem = text } }

    /// The orders with no reply so far; a snapshot taken now may declare them not placed.
    func takeUnanswered() -> [ClientOrderID] {
        state.withLock { state in
            defer { state.unanswered = [] }
            return state.unanswered
        }
    }

    /// Takes one event of the real-time feed.
    public func receive(_ event: KISRealtimeEvent) {
        switch event {
        case .trade(let trade):
            probe?.tickReceived()
            guard let symbol = Symbol(trade.symbol) else { return }
            state.withLock {
                $0.lastDate[trade.symbol] = CivilDate(trade.time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds)
                $0.inbox.append(.tick(symbol, trade.tick))
            }
            arrived.signal()
        case .book(let book, let venue):
            guard let symbol = Symbol(book.symbol) else { return }
            state.withLock { state in
                let day = state.lastDate[book.symbol] ?? CivilDate(Timestamp(nanoseconds: 0), utcOffsetSeconds: 0)
                if let quote = try? book.quote(on: day) { state.inbox.append(.quote(symbol, quote, venue: venue)) }  // a book before any trade has no date yet: skipped
            }
            arrived.signal()
        case .notice(let notice): note(notice)
        case .connected(let attempt): post(.connected(attempt: attempt))
        case .disconnected(let why): post(.disconnected(why))
        case .refused(let reply): post(.log("KIS refused the subscription \(reply.trID) \(reply.trKey): \(reply.code) \(reply.message)"))
        case .malformed(let trID, let message): post(.log("skipped a malformed \(trID) frame: \(message)"))
        }
    }

    func note(_ notice: KISExecutionNotice) {
        state.withLock { state in
            state.notices += 1
            guard notice.kind == .filled else { return }  // acceptances, amendments and cancellations come back on the REST reply
            let key = "\(notice.orderNumber)|\(notice.timeOfDay)|\(notice.quantity)|\(notice.price.micros)"
            guard state.seenFills.insert(key).inserted else {
                state.duplicates += 1
                return
            }
            guard let id = state.orders[notice.orderNumber] else {
                state.waiting[notice.orderNumber, default: []].append(notice)
                return
            }
            Self.deliver(notice, id: id, into: &state)
        }
        arrived.signal()
    }

    static func deliver(_ notice: KISExecutionNotice, id: ClientOrderID, into state: inout State) {
        let date = state.lastDate[notice.symbol].map { KISTime.date(Timestamp(year: $0.year, month: $0.month, day: $0.day, hour: 12, utcOffsetSeconds: 0)!) }
        let time = date.flatMap { try? KISTime.instant(date: $0, time: notice.timeOfDay, what: "notice") } ?? Timestamp(nanoseconds: 0)  // no trade seen yet: the kernel keeps its own clock
        state.inbox.append(.report(.filled(id, quantity: notice.quantity, price: notice.price, time: time, venue: notice.tradingVenue)))
    }

    var counts: (sent: Int, notices: Int, duplicates: Int, unanswered: Int, problem: String, waiting: Int) {
        state.withLock { ($0.sent, $0.notices, $0.duplicates, $0.unanswered.count, $0.lastProblem, $0.waiting.values.reduce(0) { $0 + $1.count }) }
    }
}
