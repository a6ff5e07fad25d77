import KumoKIS
/// Faults the simulator injects on demand, each once: `KIND[:ROUTE][@N]` fires on the Nth call of
/// ROUTE from the time it is added (`500:order@2`: the second order call from now answers HTTP 500).
///
/// Kinds: `500` (HTTP 500, not processed), `slow` (a reply held for `slowSeconds`), `drop` (processed,
/// then the reply held past the client's timeout), `egw00201` (over the call limit, not processed),
/// `expire-token` (the token expires before the call), `ws-drop` (the WebSocket closes),
/// `duplicate-notice` (the next fill notice is sent twice), `reorder-notice` (the next acceptance
/// notice is held until after the order's first fill notice), `garbled` (the next data frame loses
/// its last two fields). Routes: `any`, `order`, `query`, `token`, `ws`.
public struct KISFaultPlan: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case serverError = "500", slow, drop, rateLimit = "egw00201", expireToken = "expire-token", webSocketDrop = "ws-drop"
        case duplicateNotice = "duplicate-notice", reorderNotice = "reorder-notice", garbled
    }

    public enum Route: String, Sendable, CaseIterable {
        case any, order, query, token, ws
    }

    public struct Fault: Sendable, Equatable {
        public let kind: Kind
        public let route: Route
        /// Calls of the route still to pass before it fires.
        var remaining: Int
    }

    public private(set) var pending: [Fault] = []
    /// What fired, in order (`500:order`), for the tests and the operator.
    public private(set) var fired: [String] = []

    public init() {}

    /// Adds a fault from its text.
    /// - Throws: ``KISSimulatorError`` naming the part of `spec` that is not a kind, a route or a count.
    public mutating func add(_ spec: String) throws(KISSimulatorError) {
        let trimmed = spec.trimmingSpaces
        let (head, count) = trimmed.split(separator: "@", maxSplits: 1).map(String.init).splitCount
        let parts = head.split(separator: ":").map(String.init)
        guard let first = parts.first, let kind = Kind(rawValue: first.lowercased()) else {
            throw KISSimulatorError("fault '\(spec)': '\(parts.first ?? "")' is not a fault (\(Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let route: Route
        if parts.count > 1 {
            guard let named = Route(rawValue: parts[1].lowercased()) else {
                throw KISSimulatorError("fault '\(spec)': '\(parts[1])' is not a route (\(Route.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            route = named
        } else {
            route = [.webSocketDrop, .duplicateNotice, .reorderNotice, .garbled].contains(kind) ? .ws : .any
        }
        guard let nth = count, nth >= 1 else { throw KISSimulatorError("fault '\(spec)': the count after @ must be a whole number from 1") }
        pending.append(Fault(kind: kind, route: route, remaining: nth - 1))
    }

    /// Counts a call of `route` (an order is also `any`) and returns the faults that fire on it.
    mutating func take(_ route: Route, kinds: Set<Kind>) -> [Kind] {
        var firing: [Kind] = []
        for index in pending.indices where kinds.contains(pending[index].kind) && (pending[index].route == route || pending[index].route == .any) {
            if pending[index].remaining == 0 {
                firing.append(pending[index].kind)
                fired.append("\(pending[index].kind.rawValue):\(route.rawValue)")
                pending[index].remaining = -1
            } else {
                pending[index].remaining -= 1
            }
        }
        pending.removeAll { $0.remaining < 0 }
        return firing
    }
}

/// A request or configuration the simulator cannot take, in a sentence.
public struct KISSimulatorError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Array where Element == String {
    /// `["500:order", "2"]` → `("500:order", 2)`; no `@` part counts as 1; a bad count as nil.
    fileprivate var splitCount: (String, Int?) {
        guard count == 2 else { return (first ?? "", 1) }
        return (self[0], Int(self[1]))
    }
}
