import Foundation
import Testing

/// The dashboard in a real Chromium (Debian's `chromium` and `chromium-driver`, driven over
/// WebDriver): it logs in with a token, sees a fill arrive live over the stream, cancels an
/// order and halts the engine, each checked through the API; screenshots are saved under
/// `.build/test-artifacts/dashboard/`. CI installs the browser; elsewhere the test needs it too
/// unless it is absent, when it is skipped.
struct DashboardBrowserTests {
    static let required = ProcessInfo.processInfo.environment["CI"] != nil
    static let available = WebDriver.driverPath != nil && WebDriver.browserPath != nil

    @Test(.enabled(if: available || required, "chromium and chromium-driver are not installed"))
    func logsInSeesAFillLiveCancelsAnOrderAndHalts() throws {
        // Three days a second: fills keep coming (one every ten seconds or so) for the feed's
        // eight minutes, however long a loaded machine takes to bring the page up.
        let home = try LiveRecoveryTests.home(speed: 3 * 86_400)
        let engine = try OperatorAPITests.start(portOffset: 5_000, home: home)
        defer { if engine.process.isRunning { engine.process.terminate() } }
        let (client, viewer, trader, admin) = (engine.client, engine.tokens["viewer"]!, engine.tokens["trader"]!, engine.tokens["admin"]!)
        // An order that rests (a limit far under the market), for the page to cancel.
        let order = try JSONSerialization.data(withJSONObject: ["strategy": "sma_cross", "symbol": "SYN0001", "side": "buy", "qty": 1, "limit": 1, "tif": "gtc"])
        let placed = client.send("POST", "/api/v1/orders", token: trader, body: order)
        let id = try #require((placed.json as? [String: Any])?["id"] as? String, "\(placed.body)")

        let shots = TestPaths.project.appendingPathComponent(".build/test-artifacts/dashboard")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let browser = try WebDriver(port: engine.port + 1)
        defer { browser.quit() }
        try browser.open("http://127.0.0.1:\(engine.port)/")
        try browser.screenshot(shots.appendingPathComponent("0-login.png"))

        // A wrong token is refused on the page.
        try browser.type("#token", "kumo_000000000000_" + String(repeating: "0", count: 64))
        try browser.click("#login-button")
        try browser.wait("the refusal", #"return document.getElementById('login-error').textContent.includes('unknown or revoked')"#)
        _ = try browser.run("document.getElementById('token').value = ''")
        try browser.type("#token", admin)
        try browser.click("#login-button")
        try browser.wait("the dashboard", #"return !document.getElementById('app').hidden && document.getElementById('conn').textContent === 'live'"#)
        try browser.wait("the resting order", #"return document.querySelector('#orders button[data-order="\#(id)"]') !== null"#)
        try browser.wait("strategies and risk", "return document.querySelectorAll('#strategies tbody tr').length === 1 && document.querySelectorAll('#risk dt').length > 0")
        try browser.screenshot(shots.appendingPathComponent("1-logged-in.png"))

        // A fill arrives over the stream while the page is open (marked fresh, not loaded at login).
        try browser.wait("a live fill", timeout: 150, "return document.querySelectorAll('#fills tbody tr.fresh').length > 0")
        try browser.wait("the equity chart", "return document.querySelector('#equity-chart path') !== null")
        let fresh = try #require(try browser.run("return document.querySelector('#fills tbody tr.fresh').textContent") as? String)
        // A loaded machine can let one read time out (10 s); the fills are read again, up to five times.
        var answer: [[String: Any]]?
        for _ in 0..<5 where answer == nil { answer = client.send("GET", "/api/v1/fills?limit=1000", token: viewer).json as? [[String: Any]] }
        let fills = try #require(answer)
        #expect(fills.contains { fresh.contains($0["symbol"] as? String ?? "?") && fresh.contains(($0["time"] as? String ?? "?").prefix(19).replacingOccurrences(of: "T", with: " ")) }, "the page's fill is the engine's: \(fresh)")
        try browser.screenshot(shots.appendingPathComponent("2-live-fill.png"))

        // Cancel from the page: the engine has no such open order afterwards.
        try browser.click(#"#orders button[data-order="\#(id)"]"#)
        try browser.wait("the order to leave the table", #"return document.querySelector('#orders tr[data-order="\#(id)"]') === null"#)
        let open = client.send("GET", "/api/v1/orders", token: viewer).json as? [[String: Any]] ?? []
        #expect(!open.contains { $0["id"] as? String == id }, "the order is still open: \(open)")
        try browser.screenshot(shots.appendingPathComponent("3-cancelled.png"))

        // Halt: the button asks once more, then the engine halts and the page says so.
        try browser.click("#halt")
        try browser.wait("the confirmation", "return document.getElementById('halt').textContent === 'Confirm halt'")
        #expect((client.send("GET", "/api/v1/risk", token: viewer).json as? [String: Any])?["halted"] is NSNull, "one click does not halt")
        try browser.click("#halt")
        try browser.wait("the halt banner", "return !document.getElementById('halted').hidden && document.getElementById('halted').textContent.includes('dashboard')")
        if !engine.process.isRunning { Issue.record("the engine stopped: \(engine.stop())") }
        let halted = client.send("GET", "/api/v1/risk", token: viewer)
        #expect((halted.json as? [String: Any])?["halted"] as? String == "halted from the dashboard", "\(halted.status) \(halted.body)")
        try browser.screenshot(shots.appendingPathComponent("4-halted.png"))
        for name in ["0-login", "1-logged-in", "2-live-fill", "3-cancelled", "4-halted"] {
            let size = (try? FileManager.default.attributesOfItem(atPath: shots.appendingPathComponent("\(name).png").path)[.size] as? Int) ?? 0
            #expect(size > 10_000, "\(name).png is \(size) bytes")
        }
        _ = engine.stop()
    }
}
