import HummingbirdWSClient
public import KumoCore
public import KumoKIS
import Logging

/// What the real-time feed delivers, in the order it arrived.
public enum KISRealtimeEvent: Sendable {
    case trade(KISTrade)
    /// A book: KRX's (`H0STASP0`) or Nextrade's (`H0NXASP0`, the same layout).
    case book(KISOrderBook, venue: TradingVenue = .krx)
    case notice(KISExecutionNotice)
    /// The session is (again) open and every subscription was sent; `attempt` counts connections.
    case connected(attempt: Int)
    case disconnected(String)
    /// A subscription KIS refused (`OPSP0008` over the limit, `OPSP8996` app key in use …).
    case refused(KISControlReply)
    /// A frame that did not parse: logged with its TR id and skipped.
    case malformed(trID: String, message: String)
}

/// The KIS WebSocket: subscriptions sent on every (re)connection, subscription replies' keys kept to
/// decrypt execution notices, PINGPONG echoed, multi-record frames split, and a reconnect with
/// backoff whenever the session drops. At most `maxRegistrations` (KIS: 41) subscriptions.
public actor KISRealtimeClient {
    public let url: String
    public let maxRegistrations: Int
    let approvalKey: @Sendable () async throws -> String
    public private(set) var subscriptions: [KISSubscription] = []
    var ciphers: [String: KISCipher] = [:]
    var writer: WebSocketOutboundWriter?
    var key: String?
    public private(set) var connections = 0

    public init(url: String, maxRegistrations: Int = 41, approvalKey: @escaping @Sendable () async throws -> String) {
        self.url = url
        self.maxRegistrations = maxRegistrations
        self.approvalKey = approvalKey
    }

    /// Adds a subscription (sent now when connected, and on every reconnection).
    /// - Throws: ``BrokerError`` when it would pass the registration limit.
    public func subscribe(_ subscription: KISSubscription) async throws {
        guard !subscriptions.contains(subscription) else { return }
        guard subscriptions.count < maxRegistrations else {
            throw BrokerError.configuration("KIS allows \(maxRegistrations) WebSocket registrations in all; \(subscription.trID) \(subscription.trKey) would be number \(subscriptions.count + 1)")
        }
        subscriptions.append(subscription)
        if let writer, let key { try await writer.write(.text(subscription.message(approvalKey: key, subscribe: true))) }
    }

    /// Connects and delivers events until the task is cancelled, reconnecting after each drop
    /// (0.2 s, doubling to 5 s).
    public func run(_ deliver: @escaping @Sendable (KISRealtimeEvent) async -> Void) async {
        var backoff = 0.2
        var logger = Logger(label: "kumo.kis.websocket")
        logger.logLevel = .warning
        while !Task.isCancelled {
            do {
                if key == nil { key = try await approvalKey() }
                connections += 1
                let attempt = connections
                try await WebSocketClient.connect(url: url, logger: logger) { inbound, outbound, _ in
                    await self.opened(outbound)
                    await deliver(.connected(attempt: attempt))
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = message else { continue }
                        for event in await self.read(text, outbound: outbound) { await deliver(event) }
                    }
                }
                closed()
                await deliver(.disconnected("the server closed the session"))
                backoff = 0.2
            } catch {
                closed()
                await deliver(.disconnected("\(error)"))
            }
            if Task.isCancelled { break }
            try? await Task.sleep(for: .seconds(backoff))  // cancelled: the loop ends at its top
            backoff = min(backoff * 2, 5)
        }
    }

    func opened(_ outbound: WebSocketOutboundWriter) async {
        writer = outbound
        guard let key else { return }
        for subscription in subscriptions { try? await outbound.write(.text(subscription.message(approvalKey: key, subscribe: true))) }  // a failed write ends the session, which reconnects
    }

    func closed() {
        writer = nil
        ciphers = [:]
    }

    /// One text frame: a control message (replies keep their key; PINGPONG is echoed) or data, one event a record.
    func read(_ text: String, outbound: WebSocketOutboundWriter) async -> [KISRealtimeEvent] {
        if text.first == "{" {
            switch try? KISControlMessage.parse(text) {
            case .pingPong(let raw):
                try? await outbound.write(.text(raw))  // a failed echo ends the session, which reconnects
                return []
            case .reply(let reply):
                if let cipher = reply.cipher { ciphers[reply.trID] = cipher }
                return reply.isSuccess || reply.code == "OPSP0002" ? [] : [.refused(reply)]
            case nil:
                return [.malformed(trID: "control", message: String(text.prefix(80)))]
            }
        }
        let trID = text.split(separator: "|", maxSplits: 2).dropFirst().first.map(String.init) ?? "?"
        do {
            let frame = try KISDataFrame.parse(text) { self.ciphers[$0] }
            return try frame.records.map { record throws(KISDecodingError) -> KISRealtimeEvent in
                switch frame.trID {
                case "H0STCNT0": .trade(try KISTrade(record))
                case "H0STASP0": .book(try KISOrderBook(record))
                case "H0NXASP0": .book(try KISOrderBook(record), venue: .nxt)
                default: .notice(try KISExecutionNotice(record))
                }
            }
        } catch {
            return [.malformed(trID: trID, message: "\(error)")]
        }
    }
}
