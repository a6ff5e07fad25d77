/// What can happen to an order. ``Order/apply(_:)`` takes an event only in a status that allows
/// it, so an illegal transition (a fill after a cancel, a second acceptance) is refused.
public enum OrderEvent: Sendable, Hashable {
    /// Sent to the venue.
    case submitted
    case accepted
    case rejected(String)
    case filled(Int64)
    /// Quantity and prices changed while open (cancel-replace on KRX, same id here).
    case modified(quantity: Int64, type: OrderType)
    case cancelled(String)
    case expired(String)

    var name: String {
        switch self {
        case .submitted: "submitted"
        case .accepted: "accepted"
        case .rejected: "rejected"
        case .filled: "filled"
        case .modified: "modified"
        case .cancelled: "cancelled"
        case .expired: "expired"
        }
    }
}

/// An order event that does not fit the order's status.
public struct OrderTransitionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var order: ClientOrderID
    public var from: OrderStatus
    public var event: String
    public var description: String { "order \(order) cannot take '\(event)' while \(from.rawValue)" }
}

extension Order {
    /// The order after `event`, or an error when its status cannot take it.
    public mutating func apply(_ event: OrderEvent) throws(OrderTransitionError) {
        switch (status, event) {
        case (.new, .submitted): status = .submitted
        case (.submitted, .accepted): status = .accepted
        case (.new, .rejected(let why)), (.submitted, .rejected(let why)), (.accepted, .rejected(let why)), (.partiallyFilled, .rejected(let why)):
            status = .rejected
            reason = why
        case (.accepted, .filled(let quantity)), (.partiallyFilled, .filled(let quantity)):
            guard quantity > 0, quantity <= remainingQuantity else { throw refused("fill of \(quantity)") }
            filledQuantity += quantity
            status = filledQuantity == self.quantity ? .filled : .partiallyFilled
        case (.new, .modified(let quantity, let type)), (.accepted, .modified(let quantity, let type)),
            (.partiallyFilled, .modified(let quantity, let type)):
            guard quantity > filledQuantity else { throw refused("modify to \(quantity) with \(filledQuantity) filled") }
            self.quantity = quantity
            self.type = type
            isTriggered = false
        case (.new, .cancelled(let why)), (.submitted, .cancelled(let why)), (.accepted, .cancelled(let why)),
            (.partiallyFilled, .cancelled(let why)):
            status = .cancelled
            reason = why
        case (.accepted, .expired(let why)), (.partiallyFilled, .expired(let why)):
            status = .expired
            reason = why
        default: throw refused(event.name)
        }
    }

    private func refused(_ event: String) -> OrderTransitionError { OrderTransitionError(order: id, from: status, event: event) }
}
