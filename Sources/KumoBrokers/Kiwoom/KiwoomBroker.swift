import Dispatch
public import KumoCore
public import KumoEngine
import KumoKiwoom
import Synchronization

/// A Kiwoom account as the engine's broker, on the same boundary as KIS: orders go out on a serial
/// REST queue once the journal holds them, replies and `00` notices come back as reports in order,
/// prints and books arrive from the WebSocket (``runFeed()``), and an order whose reply was lost is
/// left for reconciliation to find — never resent. Unchecked Sendable: `queued` and `symbols` belong
/// to the engine thread, the REST client to `queue`; the rest is Sendable.
public final class KiwoomBroker: BrokerConnection, @unchecked Sendable {
    public let settings: KiwoomSettings
    let inbox: KiwoomInbox
    /// The REST client, touched only on `queue`.
    let client: KiwoomRestClient
    let queue = DispatchQueue(label: "kumo.kiwoom.rest")
    let realtime: KiwoomRealtimeClient
    /// Commands since the last flush (engine thread only).
    var queued: [@Sendable (KiwoomOrderRouting) -> Void] = []
    var symbols: [Symbol] = []

    public init(settings: KiwoomSettings) {
        self.settings = settings
        let inbox = KiwoomInbox(tradingDay: settings.tradingDay)
        self.inbox = inbox
        let client = KiwoomRestClient(settings: settings)
        self.client = client
        let queue = queue
        realtime = KiwoomRealtimeClient(
            url: settings.webSocketURL, inbox: inbox,
            token: {
                try await withCheckedThrowingContinuation { continuation in
                    queue.async { continuation.resume(with: Result { try client.accessToken() }) }
                }
            },
            tokenRefused: { queue.async { client.forgetToken() } })
    }

    var routing: KiwoomOrderRouting { KiwoomOrderRouting(client: client, inbox: inbox) }

    /// Checks the keys (a token is issued) and remembers the feed's symbols.
    /// - Throws: ``BrokerError`` with Kiwoom's message when they are refused.
    public func connect(symbols: [Symbol]) throws {
        self.symbols = symbols
        let client = client
        _ = try queue.sync { try client.accessToken() }
    }

    /// Runs the WebSocket feed until the task is cancelled.
    public func runFeed() async { await realtime.run(symbols: symbols) }

    public func register(_ order: Order) {
        guard let number = order.venueOrderID else { return }
        inbox.know(number, is: order.id)
    }

    public func drain() -> [BrokerInput] { inbox.drain() }
    public func waitForInput(timeout: Double) { inbox.wait(timeout: timeout) }

    public func submit(_ order: Order) { queued.append { $0.submit(order) } }
    public func cancel(_ order: Order) { queued.append { $0.cancel(order) } }
    public func modify(_ order: Order, quantity: Int64, type: OrderType) { queued.append { $0.modify(order, quantity: quantity, type: type) } }
    public func requestSnapshot() { queued.append { $0.requestSnapshot() } }

    public func flush() {
        guard !queued.isEmpty else { return }
        let batch = queued
        queued = []
        let routing = routing
        queue.async { for command in batch { command(routing) } }
    }

    public func snapshot() throws -> BrokerSnapshot {
        let routing = routing
        return try queue.sync { try routing.snapshot() }
    }

    /// Nothing to stop: the feed ends with its task, and the REST queue has no thread of its own to end.
    public func disconnect() {}

    public var status: [(String, String)] {
        let counts = inbox.counts
        let client = client
        let calls = queue.sync { (client.callCount, client.tokensIssued) }
        return [
            ("broker", "kiwoom \(settings.environment.rawValue)"), ("rest", settings.restURL), ("websocket", settings.webSocketURL),
            ("calls_per_second", String(settings.callsPerSecond)), ("orders_sent", String(counts.sent)), ("notices", String(counts.notices)),
            ("duplicate_notices_dropped", String(counts.duplicates)), ("notices_waiting", String(counts.waiting)), ("unanswered", String(counts.unanswered)),
            ("rest_calls", String(calls.0)), ("tokens_issued", String(calls.1)), ("last_problem", counts.problem),
        ]
    }
}
