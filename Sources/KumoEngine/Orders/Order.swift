public import KumoCore

/// Buy or sell.
public enum OrderSide: String, Sendable, Hashable, Codable {
    case buy, sell

    public var opposite: OrderSide { self == .buy ? .sell : .buy }
}

/// The client's id of an order: unique per run, so a resubmission is recognised, not doubled.
public struct ClientOrderID: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public let value: String
    public init(_ value: String) { self.value = value }
    public var description: String { value }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
}

/// Where an order is in its life: new → submitted → accepted → partially filled → filled,
/// or cancelled / rejected / expired on the way.
public enum OrderStatus: String, Sendable, Hashable, CaseIterable, Codable {
    case new, submitted, accepted, partiallyFilled = "partially_filled", filled, cancelled, rejected, expired

    /// Whether the order can still fill (a `new` bracket child waits for its parent).
    public var isOpen: Bool { self == .new || self == .submitted || self == .accepted || self == .partiallyFilled }
}

/// Who placed an order: the strategy, or the host's risk rules (stops attached to a position),
/// which a script cannot cancel or modify.
public enum OrderOrigin: String, Sendable, Hashable, Codable {
    case strategy, host
}

/// An order as the OMS tracks it.
public struct Order: Sendable, Hashable, Codable {
    public let id: ClientOrderID
    public let strategy: String
    public let symbol: Symbol
    public let side: OrderSide
    public internal(set) var quantity: Int64
    public internal(set) var type: OrderType
    public let timeInForce: TimeInForce
    /// When it was placed; a bracket exit counts from its entry's fill. It trades from the next bar after.
    public internal(set) var createdAt: Timestamp
    public let origin: OrderOrigin
    /// Orders of one OCO group cancel each other when one fills.
    public internal(set) var ocoGroup: String?
    /// The entry of a bracket this order protects; it waits (`new`) until the entry fills.
    public internal(set) var parent: ClientOrderID?
    public internal(set) var status: OrderStatus = .new
    public internal(set) var filledQuantity: Int64 = 0
    /// Why it was rejected, cancelled or expired, in a sentence.
    public internal(set) var reason: String?
    /// The rule that refused it when rejected: a risk limit's name (`max_position` …), `cash`,
    /// `short_selling`, `client_order_id`, or `venue` for the exchange's own rules.
    public internal(set) var rejectionRule: String?
    /// Whether a stop's trigger has traded (it now works as a market or limit order).
    public internal(set) var isTriggered = false
    /// The best price a trailing stop has seen since it was accepted.
    public internal(set) var trailingBest: Price?
    /// The first trading day the order could trade on (for DAY orders and IOC/FOK).
    public internal(set) var activeDay: CivilDate?
    /// The broker's number for it (KIS's `ODNO`) once a broker took it; nil on the simulated venue.
    public internal(set) var venueOrderID: String?
    /// Where it is sent: KRX, NXT or the broker's smart order routing; nil is KRX, the default.
    public internal(set) var route: OrderRoute?
    /// Whether it was sent to an outside broker (a stop is sent only once it triggers).
    public internal(set) var isAtVenue = false

    public init(
        id: ClientOrderID, strategy: String, symbol: Symbol, side: OrderSide, quantity: Int64, type: OrderType,
        timeInForce: TimeInForce = .day, createdAt: Timestamp, origin: OrderOrigin = .strategy
    ) {
        precondition(quantity > 0, "An order quantity is positive, not \(quantity)")
        self.id = id
        self.strategy = strategy
        self.symbol = symbol
        self.side = side
        self.quantity = quantity
        self.type = type
        self.timeInForce = timeInForce
        self.createdAt = createdAt
        self.origin = origin
    }

    public var remainingQuantity: Int64 { quantity - filledQuantity }

    /// What a broker receives for it: a market or limit order (a triggered stop is a market order,
    /// a triggered stop-limit its limit); nil for one a broker cannot take before it triggers.
    public var routedType: OrderType? {
        switch type {
        case .market, .limit: type
        case .stop, .trailingStop: isTriggered ? .market : nil
        case .stopLimit(_, let limit): isTriggered ? .limit(limit) : nil
        case .marketOnClose: nil
        }
    }

    /// The rejection's sentence, when rejected.
    public var rejection: String? { status == .rejected ? reason : nil }

    /// The current stop level of a trailing stop, nil before it has seen a price.
    public var trailingStopLevel: Price? {
        guard case .trailingStop(let offset) = type, let trailingBest else { return nil }
        return offset.level(from: trailingBest, side: side)
    }
}
