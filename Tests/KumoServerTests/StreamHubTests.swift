import Foundation
import KumoServer
import Testing

/// The stream's fan-out never waits: a client that does not read is dropped once its queue is
/// full, and the others (and the publisher) go on.
struct StreamHubTests {
    @Test func aClientThatDoesNotReadIsDroppedAndTheOthersGoOn() async throws {
        let hub = StreamHub(capacity: 8)
        let (slow, slowMessages) = hub.connect()
        let (fast, fastMessages) = hub.connect()
        hub.subscribe(slow, to: ["fills"])
        hub.subscribe(fast, to: ["fills", "log"])
        #expect(hub.hasSubscribers("fills") && hub.hasSubscribers("log") && !hub.hasSubscribers("equity"))
        // The fast client reads as it goes; the slow one never does.
        let reader = Task {
            var received: [String] = []
            for await message in fastMessages {
                received.append(message)
                if received.count == 20 { break }
            }
            return received
        }
        for index in 0..<20 {
            hub.publish("fills", ["n": index])
            try await Task.sleep(for: .milliseconds(2))
        }
        let received = await reader.value
        #expect(received.count == 20 && received.first == #"{"data":{"n":0},"topic":"fills"}"#)
        // The slow client took its 8 and was dropped at the 9th; its stream ends after what it had.
        var kept = 0
        for await _ in slowMessages { kept += 1 }
        #expect(kept == 8, "the stream ended: the hub removed the slow client")
        _ = fast
    }

    @Test func aNewSubscriptionIsCountedSoThePublisherResendsState() {
        let hub = StreamHub()
        let (id, _) = hub.connect()
        let before = hub.subscriptionCount
        hub.subscribe(id, to: ["positions"])
        #expect(hub.subscriptionCount == before + 1)
        hub.remove(id)
        #expect(hub.clientCount == 0 && !hub.hasSubscribers("positions"))
    }
}
