/// What an API token may do. Each role includes the ones below it: a viewer reads; a trader also
/// places and cancels orders; an admin also changes strategies, risk and models.
public enum APIRole: String, Sendable, CaseIterable, Comparable, Codable {
    case viewer, trader, admin

    var rank: Int {
        switch self {
        case .viewer: 0
        case .trader: 1
        case .admin: 2
        }
    }

    public static func < (lhs: APIRole, rhs: APIRole) -> Bool { lhs.rank < rhs.rank }

    /// Whether a holder of this role may call a route that needs `required`.
    public func allows(_ required: APIRole) -> Bool { self >= required }
}
