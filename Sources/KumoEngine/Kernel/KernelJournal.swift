/// Where the kernel writes its state changes before they take effect (write-ahead): every order
/// as it is accepted, changes state or is refused, and every fill before it is booked. The live
/// engine journals them to SQLite; a backtest needs none.
public protocol KernelJournal: AnyObject {
    /// `order` is about to be stored in this state (new, changed, or refused).
    func record(order: Order, event: Int)
    /// `fill` is about to be booked.
    func record(fill: Fill, event: Int)
}
