public import KumoCore

/// A live broker session as the live engine drives it: orders go out through the ``OrderGateway``
/// half; everything the broker says (prints, books, order reports, account snapshots) queues up on
/// its own threads and is taken in order by ``drain()`` between two events, on the engine thread.
public protocol BrokerConnection: OrderGateway {
    /// Opens the session: credentials checked, the feed subscribed for `symbols`.
    /// - Throws: the broker's refusal (wrong credentials stop the start with its message).
    func connect(symbols: [Symbol]) throws
    /// Teaches the connection an order the journal holds (after a restart), so reports that name
    /// only the broker's number find it.
    func register(_ order: Order)
    /// What arrived since the last call, in arrival order.
    func drain() -> [BrokerInput]
    /// Waits up to `timeout` seconds for something to drain (returns early, possibly spuriously, once it arrives).
    func waitForInput(timeout: Double)
    /// The broker's account now; blocks on the broker's API.
    func snapshot() throws -> BrokerSnapshot
    /// Asks for a snapshot in the background; it arrives through ``drain()``.
    func requestSnapshot()
    /// Closes the session.
    func disconnect()
    /// What the operator's `broker()` shows: the session, the limits, what was sent and received.
    var status: [(String, String)] { get }
}

/// One thing a broker connection delivers.
public enum BrokerInput: Sendable {
    case tick(Symbol, Tick)
    /// A book: KRX's unless the venue says otherwise.
    case quote(Symbol, Quote, venue: TradingVenue = .krx)
    case report(BrokerReport)
    case snapshot(BrokerSnapshot)
    /// The real-time session is (again) open; reconcile after a reconnection.
    case connected(attempt: Int)
    case disconnected(String)
    /// Something the operator should read (a malformed frame skipped, a refused subscription).
    case log(String)
}

/// The broker's view of the account: the truth reconciliation brings the journal to.
public struct BrokerSnapshot: Sendable, Equatable {
    public struct Holding: Sendable, Equatable {
        public let symbol: Symbol
        public let quantity: Int64
        public let averagePrice: Price
        public init(symbol: Symbol, quantity: Int64, averagePrice: Price) {
            self.symbol = symbol
            self.quantity = quantity
            self.averagePrice = averagePrice
        }
    }

    /// One of today's orders at the broker and how far it filled.
    public struct OrderRecord: Sendable, Equatable {
        public let venueOrderID: String
        /// The order an amendment or cancellation refers to; empty for an original order.
        public let originalVenueOrderID: String
        public let symbol: Symbol
        public let side: OrderSide
        public let quantity: Int64
        /// The limit, or nil for a market order.
        public let limit: Price?
        public let filledQuantity: Int64
        /// What the fills came to, in won.
        public let filledAmount: Price
        public let remaining: Int64
        public let cancelled: Int64
        public let rejected: Int64
        public let time: Timestamp

        public init(
            venueOrderID: String, originalVenueOrderID: String, symbol: Symbol, side: OrderSide, quantity: Int64, limit: Price?, filledQuantity: Int64,
            filledAmount: Price, remaining: Int64, cancelled: Int64, rejected: Int64, time: Timestamp
        ) {
            self.venueOrderID = venueOrderID
            self.originalVenueOrderID = originalVenueOrderID
            self.symbol = symbol
            self.side = side
            self.quantity = quantity
            self.limit = limit
            self.filledQuantity = filledQuantity
            self.filledAmount = filledAmount
            self.remaining = remaining
            self.cancelled = cancelled
            self.rejected = rejected
            self.time = time
        }
    }

    public let holdings: [Holding]
    /// Cash after today's trades settle (KIS `prvs_rcdl_excc_amt`).
    public let cash: Price
    /// Today's orders, oldest first.
    public let orders: [OrderRecord]
    /// Orders whose send ended with no reply before the snapshot was taken: one of them not among
    /// ``orders`` never reached the broker.
    public let unanswered: [ClientOrderID]

    public init(holdings: [Holding], cash: Price, orders: [OrderRecord], unanswered: [ClientOrderID] = []) {
        self.holdings = holdings
        self.cash = cash
        self.orders = orders
        self.unanswered = unanswered
    }
}
