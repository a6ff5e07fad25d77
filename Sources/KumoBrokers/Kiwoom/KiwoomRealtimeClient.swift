import HummingbirdWSClient
import KumoCore
import KumoEngine
import KumoKiwoom
import Logging

/// The Kiwoom WebSocket: `LOGIN` with the REST token on every (re)connection, then the symbols'
/// trades (`0B`) and books (`0D`) and the account's order notices (`00`) registered; `PING`
/// echoed; a reconnect with backoff whenever the session drops. Events go to the inbox.
actor KiwoomRealtimeClient {
    let url: String
    let inbox: KiwoomInbox
    let token: @Sendable () async throws -> String
    /// Called when `LOGIN` is refused: the next connection logs in with a new token.
    let tokenRefused: @Sendable () -> Void
    private(set) var connections = 0

    init(url: String, inbox: KiwoomInbox, token: @escaping @Sendable () async throws -> String, tokenRefused: @escaping @Sendable () -> Void) {
        self.url = url
        self.inbox = inbox
        self.token = token
        self.tokenRefused = tokenRefused
    }

    /// Connects and delivers until the task is cancelled.
    func run(symbols: [Symbol]) async {
        var backoff = 0.2
        var logger = Logger(label: "kumo.kiwoom.websocket")
        logger.logLevel = .warning
        let inbox = inbox
        while !Task.isCancelled {
            do {
                let token = try await token()
                connections += 1
                let attempt = connections
                try await WebSocketClient.connect(url: url, logger: logger) { inbound, outbound, _ in
                    try await outbound.write(.text(KiwoomRealtime.login(token: token)))
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = message else { continue }
                        switch try? KiwoomRealtime.parse(text) {
                        case .reply("LOGIN", 0, _)?:
                            try await outbound.write(.text(KiwoomRealtime.register(items: symbols.map(\.code), types: ["0B", "0D"])))
                            try await outbound.write(.text(KiwoomRealtime.register(items: [""], types: ["00"])))
                            inbox.post(.connected(attempt: attempt))
                        case .reply(let service, let code, let message)? where code != 0:
                            inbox.post(.log("Kiwoom refused \(service): \(code) \(message)"))
                            if service == "LOGIN" {
                                self.tokenRefused()
                                return
                            }
                        case .ping(let raw)?: try await outbound.write(.text(raw))
                        case .real(let items)?: Self.deliver(items, to: inbox)
                        case .reply?: break
                        case nil: inbox.post(.log("skipped a malformed Kiwoom frame: \(text.prefix(80))"))
                        }
                    }
                }
                inbox.post(.disconnected("the server closed the session"))
                backoff = 0.2
            } catch {
                inbox.post(.disconnected("\(error)"))
            }
            if Task.isCancelled { break }
            try? await Task.sleep(for: .seconds(backoff))
            backoff = min(backoff * 2, 5)
        }
    }

    static func deliver(_ items: [KiwoomRealtime.Item], to inbox: KiwoomInbox) {
        let day = inbox.tradingDay()
        for item in items {
            do throws(KiwoomDecodingError) {
                switch item.type {
                case "0B":
                    let (code, tick) = try KiwoomEvents.trade(item, on: day)
                    if let symbol = Symbol(code) { inbox.post(.tick(symbol, tick)) }
                case "0D":
                    let (code, quote) = try KiwoomEvents.book(item, on: day)
                    if let symbol = Symbol(code) { inbox.post(.quote(symbol, quote)) }
                case "00": inbox.note(try KiwoomEvents.order(item))
                default: break
                }
            } catch {
                inbox.post(.log("skipped a malformed \(item.type) item: \(error)"))
            }
        }
    }
}
