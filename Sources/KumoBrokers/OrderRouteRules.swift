import KumoCore
import KumoEngine

/// The venue rules both Korean brokers apply before an order goes out: Nextrade takes no market
/// orders (KIS's ORD_DVSN table), and a practice account trades on KRX only.
enum OrderRouteRules {
    /// Why `order` cannot be sent; `practice` names a KRX-only account ("KIS paper trading"), nil for a real one.
    static func refusal(_ order: Order, practice: String?) -> BrokerError? {
        let route = order.route ?? .krx
        if let practice, route != .krx {
            return .configuration("\(practice) takes KRX orders only; \(order.id) is routed to \(route)")
        }
        if route == .nxt, order.routedType == .market {
            return .configuration("NXT takes no market orders (\(order.id)); send a limit or route it to KRX or SOR")
        }
        return nil
    }
}
