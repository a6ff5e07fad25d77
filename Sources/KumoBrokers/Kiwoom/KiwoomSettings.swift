public import Foundation
public import KumoCore
public import KumoKiwoom

/// Everything `kumo run` needs to trade one Kiwoom account over its REST API.
public struct KiwoomSettings: Sendable {
    public var environment: KiwoomEnvironment
    public var restURL: String
    public var webSocketURL: String
    public var appKey: String
    public var secretKey: String
    /// Calls a second (Kiwoom throttles at about 5 a second for orders).
    public var callsPerSecond: Double = 5
    /// Seconds a REST call may take before its reply counts as lost.
    public var timeout: Double = 10
    /// The trading day real-time times fall on (Kiwoom sends HHMMSS only): today in Korea, unless
    /// a simulator replays another day.
    public var tradingDay: @Sendable () -> CivilDate = { CivilDate(Timestamp(nanoseconds: Int64(Date().timeIntervalSince1970 * 1e9)), utcOffsetSeconds: KRXSessions.utcOffsetSeconds) }

    public init(environment: KiwoomEnvironment, appKey: String, secretKey: String, restURL: String? = nil, webSocketURL: String? = nil) {
        self.environment = environment
        self.appKey = appKey
        self.secretKey = secretKey
        self.restURL = restURL ?? environment.restURL
        self.webSocketURL = webSocketURL ?? environment.webSocketURL
    }
}
