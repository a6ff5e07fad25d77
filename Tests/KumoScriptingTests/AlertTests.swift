import Foundation
import Hummingbird
import Logging
import Synchronization
import Testing

/// Alerts from a running `kumo run` reach a JSON webhook and a Slack-shaped one over real HTTP,
/// once (not on every check), and the engine's log.
struct AlertTests {
    @Test func aSilentFeedAlertsTheWebhooksOnceAndTheLog() async throws {
        // The receiving end: a small HTTP server that keeps every body by path.
        let received = Mutex<[(path: String, body: String)]>([])
        let router = Router()
        for path in ["/hook", "/slack"] {
            router.post(RouterPath(path)) { request, _ -> Response in
                let body = String(buffer: try await request.body.collect(upTo: 1 << 16))
                received.withLock { $0.append((path, body)) }
                return Response(status: .ok)
            }
        }
        let bound = Mutex<Int?>(nil)
        var quiet = Logger(label: "test.webhook")
        quiet.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in bound.withLock { $0 = channel.localAddress?.port } }, logger: quiet)
        let server = Task { try await app.run() }
        defer { server.cancel() }
        while bound.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(20)) }
        let port = bound.withLock { $0 }!

        // A feed replayed as fast as it goes, then silent: feed_silent = 1 s must fire once.
        let home = try LiveRecoveryTests.home(speed: 0)
        let config = home.appendingPathComponent("kumo.toml")
        var text = try String(contentsOf: config, encoding: .utf8)
        text = text.replacingOccurrences(of: "checkpoint_every = 16", with: "checkpoint_every = 16\nlog = \"kumo.log\"")
        text += "\n[alerts]\nfeed_silent = 1\nresend_every = 600\nwebhook = \"http://127.0.0.1:\(port)/hook\"\nslack_webhook = \"http://127.0.0.1:\(port)/slack\"\n"
        try text.write(to: config, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = KumoProcess.binary
        process.arguments = ["run", "--config", config.path, "--no-reload"]
        process.currentDirectoryURL = TestPaths.project
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let deadline = Date().addingTimeInterval(60)
        while received.withLock({ $0.count }) < 2, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        // Another few checks pass: the alert is still active but not sent again before resend_every.
        try await Task.sleep(for: .seconds(2))
        process.terminate()
        process.waitUntilExit()
        let bodies = received.withLock { $0 }
        #expect(bodies.count == 2, "\(bodies)")
        let hook = try #require(bodies.first { $0.path == "/hook" })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(hook.body.utf8)) as? [String: Any])
        #expect(object["key"] as? String == "feed_silent" && object["state"] as? String == "firing" && object["repeat"] as? Bool == false)
        #expect((object["message"] as? String)?.hasPrefix("no market event for") == true)
        let slack = try #require(bodies.first { $0.path == "/slack" })
        #expect(slack.body.contains(#""text":"[kumo] FIRING feed_silent: no market event for"#), "\(slack.body)")
        let log = try String(contentsOf: home.appendingPathComponent("kumo.log"), encoding: .utf8)
        #expect(log.contains("FIRING feed_silent"))
    }
}
