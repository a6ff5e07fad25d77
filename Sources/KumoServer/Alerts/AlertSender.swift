public import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
public import KumoLive

/// Posts alerts to the configured sinks without waiting for them: a plain JSON webhook
/// (`{key, state, message, repeat, time}`), a Slack incoming webhook (`{"text"}`) and Telegram's
/// `sendMessage` (`{"chat_id", "text"}`). A sink that fails is reported through `onFailure`.
public final class AlertSender: Sendable {
    let rules: AlertRules
    let onFailure: @Sendable (String) -> Void

    public init(rules: AlertRules, onFailure: @escaping @Sendable (String) -> Void = { _ in }) {
        self.rules = rules
        self.onFailure = onFailure
    }

    /// Whether any sink is configured.
    public var hasSinks: Bool { !(rules.webhook.isEmpty && rules.slackWebhook.isEmpty && rules.telegramWebhook.isEmpty) }

    /// The text a person reads, in every sink.
    public static func text(_ alert: AlertMonitor.Alert) -> String {
        "[kumo] \(alert.state == .firing ? (alert.isRepeat ? "STILL FIRING" : "FIRING") : "RESOLVED") \(alert.key): \(alert.message)"
    }

    public func send(_ alert: AlertMonitor.Alert, at time: Date = Date()) {
        let text = Self.text(alert)
        if !rules.webhook.isEmpty {
            post(rules.webhook, [
                "key": alert.key, "state": alert.state.rawValue, "message": alert.message, "repeat": alert.isRepeat, "time": time.ISO8601Format(),
            ])
        }
        if !rules.slackWebhook.isEmpty { post(rules.slackWebhook, ["text": text]) }
        if !rules.telegramWebhook.isEmpty { post(rules.telegramWebhook, ["chat_id": rules.telegramChat, "text": text]) }
    }

    func post(_ address: String, _ object: [String: Any]) {
        guard let url = URL(string: address), let body = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else {
            onFailure("alert sink \(address) is not a URL")
            return
        }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = body
        request.timeoutInterval = 10
        let failure = onFailure
        // The host and path only: a Telegram URL carries the bot's token.
        let shown = "\(url.scheme ?? "")://\(url.host ?? "")"
        URLSession.shared.dataTask(with: request) { _, response, error in
            if let error { failure("alert sink \(shown) failed: \(error.localizedDescription)") }
            else if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) { failure("alert sink \(shown) answered \(http.statusCode)") }
        }.resume()
    }
}
