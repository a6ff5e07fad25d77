public import KumoCore

/// Buy or sell.
public enum OrderSide: String, Sendable, Hashable {
    case buy, sell
}

/// The client's id of an order: unique per run, so a resubmission is recognised, not doubled.
public struct ClientOrderID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let value: String
    public init(_ value: String) { self.value = value }
    public var description: String { value }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
}

/// How an order is priced.
public enum OrderType: Sendable, Hashable {
    /// At the next available price (the next bar's open in a bar backtest).
    case market
    /// At `price` or better.
    case limit(Price)
}

/// Where an order is in its life.
public enum OrderStatus: String, Sendable, Hashable {
    case submitted, accepted, partiallyFilled = "partially_filled", filled, cancelled, rejected, expired

    /// Whether the order can still fill.
    public var isOpen: Bool { self == .submitted || self == .accepted || self == .partiallyFilled }
}

/// An order as the OMS tracks it.
public struct Order: Sendable, Hashable {
    public let id: ClientOrderID
    public let strategy: String
    public let symbol: Symbol
    public let side: OrderSide
    public let quantity: Int64
    public let type: OrderType
    public let createdAt: Timestamp
    public internal(set) var status: OrderStatus = .submitted
    public internal(set) var filledQuantity: Int64 = 0
    /// Why it was rejected, in a sentence, when it was.
    public internal(set) var rejection: String?

    public init(id: ClientOrderID, strategy: String, symbol: Symbol, side: OrderSide, quantity: Int64, type: OrderType, createdAt: Timestamp) {
        precondition(quantity > 0, "An order quantity is positive, not \(quantity)")
        self.id = id
        self.strategy = strategy
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.type = type
        self.createdAt = createdAt
    }

    public var remainingQuantity: Int64 { quantity - filledQuantity }
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
    mutating func apply(_ event: OrderEvent) throws(OrderTransitionError) {
        switch (status, event) {
        case (.submitted, .accepted): status = .accepted
        case (.submitted, .rejected(let reason)), (.accepted, .rejected(let reason)):
            status = .rejected
            rejection = reason
        case (.accepted, .filled(let quantity)), (.partiallyFilled, .filled(let quantity)):
            guard quantity > 0, quantity <= remainingQuantity else {
                throw OrderTransitionError(order: id, from: status, event: "fill of \(quantity)")
            }
            filledQuantity += quantity
            status = filledQuantity == self.quantity ? .filled : .partiallyFilled
        case (.submitted, .cancelled), (.accepted, .cancelled), (.partiallyFilled, .cancelled): status = .cancelled
        case (.accepted, .expired), (.partiallyFilled, .expired): status = .expired
        default: throw OrderTransitionError(order: id, from: status, event: event.name)
        }
    }
}

/// What can happen to an order.
public enum OrderEvent: Sendable, Hashable {
    case accepted
    case rejected(String)
    case filled(Int64)
    case cancelled
    case expired

    var name: String {
        switch self {
        case .accepted: "accepted"
        case .rejected: "rejected"
        case .filled: "filled"
        case .cancelled: "cancelled"
        case .expired: "expired"
        }
    }
}
