public import KumoCore
public import KumoKIS

/// What the simulator pretends to be: one KIS app and account, its limits, and its market.
public struct KISSimulatorSettings: Sendable {
    public var environment: KISEnvironment = .paper
    public var appKey = "PSsimulatorappkey0000000000000000000"
    public var appSecret = "simulator-secret"
    public var account: KISAccount
    public var htsID = "kumosim"
    /// Starting cash in won.
    public var cash: Int64 = 100_000_000
    /// REST calls a second before `EGW00201` (KIS: 18 real, 1 paper).
    public var callsPerSecond: Double
    /// Seconds between token issuances (KIS: 60) and a token's life (KIS: a day).
    public var tokenInterval: Double = 60
    public var tokenLifetime: Double = 86_400
    /// WebSocket registrations summed over TRs (KIS: 41).
    public var maxRegistrations = 41
    /// Seconds between PINGPONG frames (KIS: about 100).
    public var pingInterval: Double = 100
    /// How long a `slow` reply waits, and how long a `drop` holds the reply (past the client's timeout).
    public var slowSeconds: Double = 1.5
    public var dropSeconds: Double = 12
    /// Trade prints in the 46-field layout of before 2026-09-14.
    public var legacyTradeLayout = false
    /// The share of each KRX print also traded on Nextrade, in NXT's hours, 5 s later and up to a
    /// tick away (drawn from the seed), with its own book (`H0NXCNT0`, `H0NXASP0`); 0: KRX only.
    public var nextradeShare = 0.0
    /// The market replayed: bars per symbol (six-digit codes), each played as four prints.
    public var market: [(symbol: String, bars: [Bar])]

    public init(environment: KISEnvironment = .paper, market: [(symbol: String, bars: [Bar])]) {
        self.environment = environment
        // The account number is fixed and valid, so this cannot fail.
        account = try! KISAccount(number: "50012345", product: "01")
        callsPerSecond = environment.callsPerSecond
        self.market = market
    }
}
