import Foundation
import Synchronization

/// Fans engine events out to WebSocket clients by topic. Publishing never waits: each client has
/// a bounded queue, and a client whose queue is full is dropped (its stream ends), never the engine.
public final class StreamHub: Sendable {
    /// What a client may subscribe to.
    public static let topics: Set<String> = ["fills", "orders", "positions", "equity", "log", "alerts"]

    struct Client {
        var topics: Set<String>
        var continuation: AsyncStream<String>.Continuation
    }

    let clients = Mutex<[Int: Client]>([:])
    let nextID = Mutex(0)
    let subscriptions = Mutex(0)
    /// Messages a client may have waiting before it counts as too slow.
    public let capacity: Int

    public init(capacity: Int = 256) { self.capacity = capacity }

    /// A new client with no topics yet; its messages, and its id for ``subscribe(_:to:)`` and ``remove(_:)``.
    public func connect() -> (id: Int, messages: AsyncStream<String>) {
        let id = nextID.withLock { value -> Int in
            value += 1
            return value
        }
        let (stream, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingOldest(capacity))
        clients.withLock { $0[id] = Client(topics: [], continuation: continuation) }
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        return (id, stream)
    }

    public func subscribe(_ id: Int, to topics: Set<String>) {
        clients.withLock { $0[id]?.topics.formUnion(topics) }
        subscriptions.withLock { $0 += 1 }
    }

    /// Counts subscriptions so far: when it moves, the publisher sends the current state again,
    /// so a new subscriber starts from a full picture instead of waiting for the next change.
    public var subscriptionCount: Int { subscriptions.withLock { $0 } }

    public func remove(_ id: Int) {
        let client = clients.withLock { $0.removeValue(forKey: id) }
        client?.continuation.finish()
    }

    /// Whether anyone listens to `topic` (so the engine can skip building the message).
    public func hasSubscribers(_ topic: String) -> Bool { clients.withLock { $0.values.contains { $0.topics.contains(topic) } } }

    public var clientCount: Int { clients.withLock { $0.count } }

    /// Sends `{"topic": …, "data": …}` to the topic's subscribers; drops those that cannot keep up.
    public func publish(_ topic: String, _ data: Any) {
        guard hasSubscribers(topic) else { return }
        let object: [String: Any] = ["topic": topic, "data": data]
        guard let bytes = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        let text = String(decoding: bytes, as: UTF8.self)
        let slow = clients.withLock { clients -> [Int] in
            var slow: [Int] = []
            for (id, client) in clients where client.topics.contains(topic) {
                if case .dropped = client.continuation.yield(text) { slow.append(id) }
            }
            return slow
        }
        for id in slow { remove(id) }
    }
}
