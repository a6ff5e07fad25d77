public import Foundation

/// The app key and secret of a KIS app, read from the environment (never from a file, never logged).
public struct KISCredentials: Sendable, CustomStringConvertible {
    public let appKey: String
    public let appSecret: String

    public init(appKey: String, appSecret: String) {
        self.appKey = appKey
        self.appSecret = appSecret
    }

    /// Reads `KIS_APP_KEY` and `KIS_APP_SECRET` (or the variable names given).
    /// - Throws: ``BrokerError`` naming the variable that is unset or empty.
    public static func fromEnvironment(
        key: String = "KIS_APP_KEY", secret: String = "KIS_APP_SECRET", environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(BrokerError) -> KISCredentials {
        guard let appKey = environment[key], !appKey.isEmpty else { throw BrokerError.configuration("the environment variable \(key) (the KIS app key) is not set") }
        guard let appSecret = environment[secret], !appSecret.isEmpty else {
            throw BrokerError.configuration("the environment variable \(secret) (the KIS app secret) is not set")
        }
        return KISCredentials(appKey: appKey, appSecret: appSecret)
    }

    /// The key's first four characters only: what a log may show.
    public var description: String { "app key \(appKey.prefix(4))… (secret hidden)" }
}
