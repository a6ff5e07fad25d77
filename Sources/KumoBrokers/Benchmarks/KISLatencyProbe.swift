import Dispatch
import Synchronization

/// Times the broker path: when a trade frame is read off the WebSocket and when the order it caused
/// starts out on the REST socket (one at a time: each send pairs with the last trade received).
public final class KISLatencyProbe: Sendable {
    struct State {
        var lastTick: UInt64?
        var samples: [UInt64] = []
    }

    let state = Mutex(State())

    public init() {}

    func tickReceived() {
        let now = DispatchTime.now().uptimeNanoseconds
        state.withLock { $0.lastTick = now }
    }

    func orderSending() {
        let now = DispatchTime.now().uptimeNanoseconds
        state.withLock { state in
            if let tick = state.lastTick { state.samples.append(now - tick) }
            state.lastTick = nil
        }
    }

    /// The measured tick-to-send times so far, in nanoseconds.
    public var samples: [UInt64] { state.withLock { $0.samples } }
}
