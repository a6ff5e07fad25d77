import Foundation
import HummingbirdWebSocket
import NIOWebSocket

extension APIServer {
    /// One WebSocket client: authenticates (the `token` query parameter, or a first message
    /// `{"auth": "kumo_…"}`), then subscribes with `{"subscribe": ["fills", "equity", …]}` and
    /// receives `{"topic": …, "data": …}` messages until it leaves or falls behind.
    func stream(_ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, token presented: String?) async throws {
        func send(_ object: [String: Any]) async throws {
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            try await outbound.write(.text(String(decoding: data, as: UTF8.self)))
        }
        var messages = inbound.messages(maxSize: 1 << 16).makeAsyncIterator()
        var token = presented
        if token == nil, case .text(let first)? = try await messages.next() {
            token = (try? JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])?["auth"] as? String
        }
        guard let token, let record = tokens.verify(token) else {
            try await send(["error": "authenticate first: {\"auth\": \"kumo_…\"} or ?token="])
            return
        }
        try await send(["authenticated": record.role.rawValue, "topics": StreamHub.topics.sorted()])
        let (id, queue) = hub.connect()
        defer { hub.remove(id) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await message in queue { try await outbound.write(.text(message)) }
                // The hub ended the queue: the client fell behind (or left); close its socket.
                try await outbound.close(.goingAway, reason: "too slow: dropped")
            }
            while let message = try await messages.next() {
                guard case .text(let text) = message,
                    let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                    let wanted = object["subscribe"] as? [String]
                else {
                    try await send(["error": "send {\"subscribe\": [topics]} with topics among \(StreamHub.topics.sorted().joined(separator: ", "))"])
                    continue
                }
                if let unknown = wanted.first(where: { !StreamHub.topics.contains($0) }) {
                    try await send(["error": "no topic '\(unknown)' (\(StreamHub.topics.sorted().joined(separator: ", ")))"])
                    continue
                }
                hub.subscribe(id, to: Set(wanted))
                try await send(["subscribed": wanted.sorted()])
            }
            group.cancelAll()
        }
    }
}
