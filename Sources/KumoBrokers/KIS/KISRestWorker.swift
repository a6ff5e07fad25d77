import Dispatch
import Foundation
import KumoCore
import KumoEngine
import KumoKIS
import Synchronization

/// The thread that owns the KIS REST client: commands run there in the order given, so a client
/// that is not thread-safe is used by one thread only, and the engine thread never waits on the network.
final class KISRestWorker: Sendable {
    enum Command: Sendable {
        case submit(Order), cancel(Order), modify(Order, Int64, OrderType), snapshot
        /// Runs `work` with the client (a synchronous call from another thread).
        case call(@Sendable (KISRestClient) -> Void)
        case stop
    }

    let commands = Mutex<[Command]>([])
    let wake = DispatchSemaphore(value: 0)
    /// Set once `.stop` is sent: a synchronous call after it would wait for a thread that is gone.
    let isStopped = Mutex(false)

    init(settings: KISBrokerSettings, credentials: KISCredentials, inbox: KISBrokerInbox) {
        let thread = Thread { [self] in
            let client = KISRestClient(settings: settings.client, credentials: credentials)
            if let probe = settings.probe { client.beforeOrderSend = { probe.orderSending() } }
            let worker = KISOrderRouting(client: client, inbox: inbox, account: settings.client.account, environment: settings.client.environment)
            while true {
                wake.wait()
                let batch = commands.withLock { pending in
                    defer { pending.removeAll() }
                    return pending
                }
                // The batch is finished even past a stop, so a call queued with it still gets its answer.
                var stopping = false
                for command in batch {
                    if case .stop = command { stopping = true } else { worker.perform(command) }
                }
                if stopping { return }
            }
        }
        thread.name = "kumo.kis.rest"
        thread.start()
    }

    func send(_ batch: [Command]) {
        if batch.contains(where: { if case .stop = $0 { true } else { false } }) { isStopped.withLock { $0 = true } }
        commands.withLock { $0.append(contentsOf: batch) }
        wake.signal()
    }

    /// Runs `work` on the worker thread and waits for its result.
    func call<T: Sendable>(_ work: @escaping @Sendable (KISRestClient) throws -> T) throws -> T {
        guard !isStopped.withLock({ $0 }) else { throw BrokerError.configuration("the KIS connection is closed") }
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Result<T, any Error>?>(nil)
        send([.call { client in
            let outcome = Result { try work(client) }
            result.withLock { $0 = outcome }
            done.signal()
        }])
        done.wait()
        return try result.withLock { $0! }.get()
    }
}
