public import KumoCore
public import KumoEngine
public import KumoKIS

/// The KIS account as the engine's broker: orders go out on the REST thread once the journal holds
/// them, replies and execution notices come back as reports in order, prints and books arrive from
/// the WebSocket (run by ``runFeed()``), and an order whose reply was lost is left for
/// reconciliation to find — never resent.
public final class KISBroker: BrokerConnection {
    public let settings: KISBrokerSettings
    let inbox: KISBrokerInbox
    let worker: KISRestWorker
    let realtime: KISRealtimeClient
    /// Commands the engine gave since the last flush; sent in order once the journal has them.
    var queued: [KISRestWorker.Command] = []
    var symbols: [Symbol] = []

    public init(settings: KISBrokerSettings, credentials: KISCredentials) {
        self.settings = settings
        inbox = KISBrokerInbox(probe: settings.probe)
        worker = KISRestWorker(settings: settings, credentials: credentials, inbox: inbox)
        let worker = worker
        realtime = KISRealtimeClient(url: settings.webSocketURL, maxRegistrations: settings.maxRegistrations) {
            try await withCheckedThrowingContinuation { continuation in
                worker.send([.call { client in continuation.resume(with: Result { try client.approvalKey() }) }])
            }
        }
    }

    deinit { worker.send([.stop]) }

    /// Checks the credentials (a token is issued or read from the cache) and remembers the feed's symbols.
    /// - Throws: ``BrokerError`` with KIS's message when they are refused.
    public func connect(symbols: [Symbol]) throws {
        let perSymbol = settings.nextradeBooks ? 3 : 2
        guard symbols.count * perSymbol + 1 <= settings.maxRegistrations else {
            throw BrokerError.configuration(
                "\(symbols.count) symbols need \(symbols.count * perSymbol + 1) WebSocket registrations (trades and \(settings.nextradeBooks ? "KRX and NXT books" : "book") each, plus notices); KIS allows \(settings.maxRegistrations)")
        }
        self.symbols = symbols
        _ = try worker.call { try $0.accessToken() }
    }

    /// The real-time feed of the connected symbols, to run on a task of its own (``KISFeed/run()``).
    public var feed: KISFeed { KISFeed(realtime: realtime, inbox: inbox, symbols: symbols, noticeTR: settings.client.environment.noticeTR, htsID: settings.htsID, nextradeBooks: settings.nextradeBooks) }

    public func register(_ order: Order) {
        guard let number = order.venueOrderID else { return }
        inbox.know(number, is: order.id)
    }

    public func drain() -> [BrokerInput] { inbox.drain() }
    public func waitForInput(timeout: Double) { inbox.wait(timeout: timeout) }

    public func submit(_ order: Order) { queued.append(.submit(order)) }
    public func cancel(_ order: Order) { queued.append(.cancel(order)) }
    public func modify(_ order: Order, quantity: Int64, type: OrderType) { queued.append(.modify(order, quantity, type)) }
    public func requestSnapshot() { queued.append(.snapshot) }

    public func flush() {
        guard !queued.isEmpty else { return }
        worker.send(queued)
        queued = []
    }

    public func snapshot() throws -> BrokerSnapshot {
        let inbox = inbox
        return try worker.call { try KISOrderRouting.snapshot(client: $0, inbox: inbox) }
    }

    public func disconnect() { worker.send([.stop]) }

    public var status: [(String, String)] {
        let counts = inbox.counts
        let calls = (try? worker.call { ($0.callCount, $0.retryCount, $0.tokensIssued) }) ?? (0, 0, 0)  // the worker answers unless stopped
        return [
            ("broker", "kis \(settings.client.environment.rawValue)"), ("account", settings.client.account.description), ("rest", settings.client.restURL),
            ("websocket", settings.webSocketURL), ("calls_per_second", String(settings.client.callsPerSecond)), ("orders_sent", String(counts.sent)),
            ("notices", String(counts.notices)), ("duplicate_notices_dropped", String(counts.duplicates)), ("notices_waiting", String(counts.waiting)),
            ("unanswered", String(counts.unanswered)), ("rest_calls", String(calls.0)), ("retries", String(calls.1)), ("tokens_issued", String(calls.2)),
            ("last_problem", counts.problem),
        ]
    }
}
