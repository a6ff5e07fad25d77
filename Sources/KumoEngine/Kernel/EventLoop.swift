public import KumoCore

/// The engine's one thread of control over a time-ordered stream of market events: before an
/// event at time T, the timers due before T fire (a timer due exactly at an event's time fires
/// after every event of that time, so it sees their data); then the event: orders matched,
/// strategies told and called. Events of equal time keep the order the source gives (the replay
/// merges symbols in a fixed order), so every run is the same.
public struct EventLoop {
    public let kernel: Kernel
    public let strategies: [any EngineStrategy]
    /// Host services that must see each event before the strategies do (the model service).
    public var observers: [(MarketEvent) -> Void]

    public init(kernel: Kernel, strategies: [any EngineStrategy], observers: [(MarketEvent) -> Void] = []) {
        self.kernel = kernel
        self.strategies = strategies
        self.observers = observers
    }

    /// Sets the clock to the first event's time before strategies start, so timers set in
    /// `init` count from the start of the data.
    public func start(at time: Timestamp) {
        kernel.now = time
    }

    /// Handles one event after the timers due before it. Events must come in time order.
    public func step(_ event: MarketEvent) {
        if !kernel.timers.isEmpty { kernel.fireTimers(until: event.time, inclusive: false, strategies: strategies) }
        for observer in observers { observer(event) }
        kernel.handle(event, strategies: strategies)
    }

    /// Ends a replay: fires the timers due at the last event's time.
    public func finish() {
        kernel.fireTimers(until: kernel.now, inclusive: true, strategies: strategies)
    }
}
