public import KumoCore

/// The engine's port to a venue outside the process (a broker). With one set, the kernel matches
/// nothing itself: orders it accepts go out through ``submit(_:)``, and what the broker does comes
/// back as ``BrokerReport``s, in order, through ``Kernel/handle(_:strategies:)``. Stops, trailing
/// stops and a bracket's waiting exits stay in the host until they trigger. Calls must not block:
/// an adapter queues them and sends after the journal has the event (see ``flush()``).
public protocol OrderGateway: AnyObject {
    /// Sends a market or limit order (``Order/routedType``).
    func submit(_ order: Order)
    /// Asks the broker to cancel what remains of `order`.
    func cancel(_ order: Order)
    /// Asks the broker to change `order` to `quantity` at `type`'s price.
    func modify(_ order: Order, quantity: Int64, type: OrderType)
    /// Sends what was queued since the last flush; the live engine calls it once the journal holds the event.
    func flush()
}

/// What a broker did with an order, as the kernel applies it.
public enum BrokerReport: Sendable, Hashable {
    /// The broker took the order under its own number (KIS's `ODNO`).
    case accepted(ClientOrderID, venueOrderID: String)
    /// The broker refused it, with its code and message (`APBK0952 주문가능금액을 초과 했습니다`).
    case rejected(ClientOrderID, code: String, message: String)
    /// A fill, with the venue it traded on when the broker says (KIS `ORD_EXG_GB`: an SOR order's fill names KRX or NXT).
    case filled(ClientOrderID, quantity: Int64, price: Price, time: Timestamp, venue: TradingVenue? = nil)
    /// The broker cancelled what remained.
    case cancelled(ClientOrderID, reason: String)
    /// The broker changed the order (KRX amends under a new number).
    case modified(ClientOrderID, venueOrderID: String, quantity: Int64, type: OrderType)

    /// The order the report is about.
    public var order: ClientOrderID {
        switch self {
        case .accepted(let id, _), .rejected(let id, _, _), .filled(let id, _, _, _, _), .cancelled(let id, _), .modified(let id, _, _, _): id
        }
    }
}
