import Foundation

/// A PostgreSQL address, `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?NAME=VALUE&…]` (or
/// `postgresql://`); the parameters choose within the database (`journal=NAME`).
public struct PostgresAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var parameters: [String: String] = [:]
    /// The parameters an address may carry: `journal` names an engine's journal in the database.
    public static let knownParameters = ["journal"]

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Whether `text` names a PostgreSQL store rather than a file.
    public static func isAddress(_ text: String) -> Bool { text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") }

    public init(parsing text: String) throws(Failure) {
        guard Self.isAddress(text), let url = URLComponents(string: text), let host = url.host, !host.isEmpty else {
            throw Failure(description: "'\(Self.redacted(text))' is not postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE")
        }
        let database = String(url.path.drop { $0 == "/" })
        guard let user = url.user, !user.isEmpty, !database.isEmpty else {
            throw Failure(description: "'\(Self.redacted(text))' names no user or no database (postgres://USER@HOST/DATABASE)")
        }
        self.host = host
        port = url.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        password = url.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database
        for item in url.queryItems ?? [] {
            // An unknown parameter (sslmode=require, say) is refused, not ignored: Kumo would not honour it.
            guard Self.knownParameters.contains(item.name) else {
                throw Failure(description: "'\(Self.redacted(text))': unknown parameter '\(item.name)' (known: \(Self.knownParameters.joined(separator: ", ")); connections are not encrypted)")
            }
            guard let value = item.value, !value.isEmpty else { throw Failure(description: "'\(Self.redacted(text))': the parameter '\(item.name)' has no value") }
            parameters[item.name] = value
        }
    }

    /// The address without its password, for messages and logs.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

    static func redacted(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let scheme = text.range(of: "://") else { return text }
        let credentials = text[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}
