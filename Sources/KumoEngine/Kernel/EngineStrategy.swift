public import KumoCore

/// A strategy as the kernel drives it; the Lua adapter (KumoScripting) and Swift strategies
/// implement it.
public protocol EngineStrategy: AnyObject {
    var name: String { get }
    /// False once the strategy is quarantined: the kernel stops calling it (its positions stay
    /// under the host's rules).
    var isActive: Bool { get }
    /// How the strategy is doing, for reports: healthy, failing or quarantined.
    var healthDescription: String { get }
    /// A bar of `symbol` closed; orders placed here fill from the next bar.
    func onBar(symbol: Symbol, bar: Bar, kernel: Kernel) throws
    /// A trade printed in `symbol` (tick feeds).
    func onTick(symbol: Symbol, tick: Tick, kernel: Kernel) throws
    /// Timer `name` the strategy set came due at `time`.
    func onTimer(name: String, time: Timestamp, kernel: Kernel) throws
    /// One of the strategy's orders (partly) filled.
    func onFill(_ fill: Fill, kernel: Kernel) throws
    /// The venue or the rules refused one of the strategy's orders.
    func onReject(_ order: Order, kernel: Kernel) throws
    /// One of the strategy's orders changed state without the strategy asking: expired, cancelled
    /// by the venue (IOC, FOK, OCO, a bracket's entry ending), or a bracket exit went live.
    func onOrder(_ order: Order, kernel: Kernel) throws
}

extension EngineStrategy {
    public var isActive: Bool { true }
    public var healthDescription: String { isActive ? "healthy" : "stopped" }
    public func onOrder(_ order: Order, kernel: Kernel) throws {}
    public func onTick(symbol: Symbol, tick: Tick, kernel: Kernel) throws {}
    public func onTimer(name: String, time: Timestamp, kernel: Kernel) throws {}
}

/// Something the kernel tells a strategy before its next bar.
public enum EngineNotice: Sendable, Hashable {
    case filled(Fill)
    case rejected(Order)
    case order(Order)
}
