public import KumoKIS

/// Everything `kumo run` needs to trade one KIS account.
public struct KISBrokerSettings: Sendable {
    public var client: KISClientSettings
    /// The WebSocket host; the environment's published one unless a simulator's is named.
    public var webSocketURL: String
    /// The HTS user id execution notices are subscribed with (`tr_key` of H0STCNI0/H0STCNI9).
    public var htsID: String
    /// Subscriptions allowed in all (KIS: 41).
    public var maxRegistrations = 41
    /// Whether Nextrade's books are subscribed beside KRX's (`H0NXASP0`): a third registration per symbol.
    public var nextradeBooks = false
    /// Times tick arrivals and order sends (`kumo bench broker`); nil in trading.
    public var probe: KISLatencyProbe?

    public init(client: KISClientSettings, htsID: String, webSocketURL: String? = nil) {
        self.client = client
        self.htsID = htsID
        self.webSocketURL = webSocketURL ?? client.environment.webSocketURL
    }
}
