public import KumoCore

/// A strategy as the kernel drives it; the Lua adapter (KumoScripting) and Swift strategies
/// implement it.
public protocol EngineStrategy: AnyObject {
    var name: String { get }
    /// A bar of `symbol` closed; orders placed here fill from the next bar.
    func onBar(symbol: Symbol, bar: Bar, kernel: Kernel) throws
    /// One of the strategy's orders (partly) filled.
    func onFill(_ fill: Fill, kernel: Kernel) throws
    /// The venue or the rules refused one of the strategy's orders.
    func onReject(_ order: Order, kernel: Kernel) throws
}
