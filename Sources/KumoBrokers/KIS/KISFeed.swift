public import KumoCore
import KumoKIS

/// The KIS WebSocket feed of a broker connection: what runs on its own task.
public struct KISFeed: Sendable {
    let realtime: KISRealtimeClient
    let inbox: KISBrokerInbox
    let symbols: [Symbol]
    let noticeTR: String
    let htsID: String
    /// Whether Nextrade's books (`H0NXASP0`) are subscribed too, for smart routing.
    let nextradeBooks: Bool

    /// Subscribes trades and books of the symbols and the execution notices, then delivers the feed
    /// until the task is cancelled, reconnecting and resubscribing after every drop.
    public func run() async throws {
        for symbol in symbols {
            try await realtime.subscribe(KISSubscription(trID: "H0STCNT0", trKey: symbol.code))
            try await realtime.subscribe(KISSubscription(trID: "H0STASP0", trKey: symbol.code))
            if nextradeBooks { try await realtime.subscribe(KISSubscription(trID: "H0NXASP0", trKey: symbol.code)) }
        }
        try await realtime.subscribe(KISSubscription(trID: noticeTR, trKey: htsID))
        let inbox = inbox
        await realtime.run { inbox.receive($0) }
    }
}
