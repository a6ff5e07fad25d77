/// `[alerts]` in kumo.toml: the conditions that wake an operator and where the alerts go.
public struct AlertRules: Sendable, Decodable, Equatable {
    /// Fraction of the peak equity lost (0.1 = 10%); nil: not watched.
    public var maxDrawdown: Double?
    /// Currency lost since the day's first equity.
    public var maxDailyLoss: Double?
    /// Share of orders rejected, once at least `minOrders` orders were placed.
    public var maxRejectRate: Double?
    public var minOrders: Int = 10
    /// Seconds without a market event.
    public var feedSilent: Double?
    /// Seconds the broker's real-time session may stay down before it is an alert (0: at once).
    public var brokerDisconnected: Double?
    /// PSI of a served model's features or predictions over which it counts as drifted.
    public var modelDrift: Double?
    /// Alert when a strategy is quarantined.
    public var strategyQuarantined: Bool = true
    /// Seconds before a still-active alert is sent again.
    public var resendEvery: Double = 300
    /// A plain JSON webhook, a Slack incoming webhook, a Telegram `sendMessage` URL and its chat.
    public var webhook: String = ""
    public var slackWebhook: String = ""
    public var telegramWebhook: String = ""
    public var telegramChat: String = ""

    enum CodingKeys: String, CodingKey {
        case maxDrawdown = "max_drawdown", maxDailyLoss = "max_daily_loss", maxRejectRate = "max_reject_rate", minOrders = "min_orders"
        case feedSilent = "feed_silent", brokerDisconnected = "broker_disconnected", modelDrift = "model_drift", strategyQuarantined = "strategy_quarantined", resendEvery = "resend_every", webhook
        case slackWebhook = "slack_webhook", telegramWebhook = "telegram_webhook", telegramChat = "telegram_chat"
    }

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func number(_ key: CodingKeys) throws -> Double? {
            guard c.contains(key) else { return nil }
            if let integer = try? c.decode(Int.self, forKey: key) { return Double(integer) }
            return try c.decode(Double.self, forKey: key)
        }
        maxDrawdown = try number(.maxDrawdown)
        maxDailyLoss = try number(.maxDailyLoss)
        maxRejectRate = try number(.maxRejectRate)
        minOrders = try c.decodeIfPresent(Int.self, forKey: .minOrders) ?? minOrders
        feedSilent = try number(.feedSilent)
        brokerDisconnected = try number(.brokerDisconnected)
        modelDrift = try number(.modelDrift)
        strategyQuarantined = try c.decodeIfPresent(Bool.self, forKey: .strategyQuarantined) ?? strategyQuarantined
        resendEvery = try number(.resendEvery) ?? resendEvery
        webhook = try c.decodeIfPresent(String.self, forKey: .webhook) ?? webhook
        slackWebhook = try c.decodeIfPresent(String.self, forKey: .slackWebhook) ?? slackWebhook
        telegramWebhook = try c.decodeIfPresent(String.self, forKey: .telegramWebhook) ?? telegramWebhook
        telegramChat = try c.decodeIfPresent(String.self, forKey: .telegramChat) ?? telegramChat
    }

    /// The thresholds' own sense, checked when the config is read.
    func problem() -> String? {
        if let maxDrawdown, !(maxDrawdown > 0 && maxDrawdown < 1) { return "alerts.max_drawdown must be a fraction between 0 and 1" }
        if let maxDailyLoss, !(maxDailyLoss > 0) { return "alerts.max_daily_loss must be positive" }
        if let maxRejectRate, !(maxRejectRate > 0 && maxRejectRate <= 1) { return "alerts.max_reject_rate must be in (0, 1]" }
        if let feedSilent, !(feedSilent > 0) { return "alerts.feed_silent must be positive seconds" }
        if let brokerDisconnected, !(brokerDisconnected >= 0) { return "alerts.broker_disconnected must be seconds ≥ 0" }
        if let modelDrift, !(modelDrift > 0) { return "alerts.model_drift must be a positive PSI (0.2 is the usual line)" }
        if !(resendEvery > 0) || minOrders < 1 { return "alerts.resend_every must be positive and alerts.min_orders at least 1" }
        if telegramWebhook.isEmpty != telegramChat.isEmpty { return "alerts.telegram_webhook and alerts.telegram_chat go together" }
        return nil
    }
}
