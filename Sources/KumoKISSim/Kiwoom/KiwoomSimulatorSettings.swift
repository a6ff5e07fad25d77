public import KumoCore
public import KumoKiwoom

/// What the Kiwoom simulator pretends to be: one app and account of Kiwoom's REST API, and its market.
public struct KiwoomSimulatorSettings: Sendable {
    public var environment: KiwoomEnvironment
    public var appKey = "kiwoom-simulator-appkey"
    public var secretKey = "kiwoom-simulator-secret"
    /// Starting cash in won.
    public var cash: Int64 = 100_000_000
    /// Seconds between PING frames.
    public var pingInterval: Double = 30
    /// The share of each print also traded on Nextrade (0: KRX only); NXT and SOR orders need `real`.
    public var nextradeShare = 0.0
    /// The market replayed: bars per symbol, each played as four prints (as the KIS simulator plays them).
    public var market: [(symbol: String, bars: [Bar])]

    public init(environment: KiwoomEnvironment = .mock, market: [(symbol: String, bars: [Bar])]) {
        self.environment = environment
        self.market = market
    }
}
