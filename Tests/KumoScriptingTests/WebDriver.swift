import Foundation
import Testing

/// A W3C WebDriver client for the dashboard's browser test: starts Debian's `chromedriver`,
/// opens a headless Chromium session and speaks the protocol's JSON over HTTP.
final class WebDriver: @unchecked Sendable {
    static let driverPath = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let browserPath = ["/usr/bin/chromium", "/usr/lib/chromium/chromium"].first { FileManager.default.isExecutableFile(atPath: $0) }
    /// The W3C key an element reference travels under.
    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let driver = Process()
    var base = ""
    var session = ""

    init(port: Int) throws {
        do { try start(port: port) } catch {
            quit()
            throw error
        }
    }

    private func start(port: Int) throws {
        guard let driverPath = Self.driverPath, let browserPath = Self.browserPath else {
            throw Failure(description: "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
        }
        driver.executableURL = URL(fileURLWithPath: driverPath)
        driver.arguments = ["--port=\(port)"]
        driver.standardOutput = FileHandle.nullDevice
        driver.standardError = FileHandle.nullDevice
        try driver.run()
        base = "http://127.0.0.1:\(port)"
        let deadline = Date().addingTimeInterval(20)
        var status: String = ""
        while true {
            do {
                let reply = try call("GET", "/status")
                if (reply as? [String: Any])?["ready"] as? Bool == true { break }
                status = "\(String(describing: reply))"
            } catch { status = "\(error)" }
            guard Date() < deadline else { throw Failure(description: "chromedriver did not become ready on port \(port): \(status)") }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let capabilities: [String: Any] = [
            "capabilities": ["alwaysMatch": [
                "browserName": "chrome",
                "goog:chromeOptions": ["binary": browserPath, "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,1100"]],
            ]],
        ]
        let created = try call("POST", "/session", capabilities)
        guard let id = (created as? [String: Any])?["sessionId"] as? String else { throw Failure(description: "no session: \(String(describing: created))") }
        session = id
    }

    /// One command; its `value`, or the driver's error as a thrown failure. Sent with curl:
    /// Foundation's URLSession on Linux refuses chromedriver's reply headers.
    @discardableResult
    func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) throws -> Any? {
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        var arguments = ["curl", "-s", "--max-time", "60", "-X", method, base + path]
        if body != nil || method == "POST" {
            let data = try body.map { try JSONSerialization.data(withJSONObject: $0) } ?? Data("{}".utf8)
            arguments += ["-H", "Content-Type: application/json", "--data-binary", String(decoding: data, as: UTF8.self)]
        }
        curl.arguments = arguments
        let output = Pipe()
        curl.standardOutput = output
        curl.standardError = FileHandle.nullDevice
        try curl.run()
        let reply = output.fileHandleForReading.readDataToEndOfFile()
        curl.waitUntilExit()
        guard curl.terminationStatus == 0 else { throw Failure(description: "\(method) \(path): curl exit \(curl.terminationStatus)") }
        let object = try JSONSerialization.jsonObject(with: reply, options: [.fragmentsAllowed]) as? [String: Any]
        let value = object?["value"]
        if let problem = value as? [String: Any], let error = problem["error"] as? String {
            throw Failure(description: "\(method) \(path): \(error): \(problem["message"] as? String ?? "")")
        }
        return value
    }

    func open(_ url: String) throws { try call("POST", "/session/\(session)/url", ["url": url]) }

    /// The first element `css` selects.
    func element(_ css: String) throws -> String {
        let found = try call("POST", "/session/\(session)/element", ["using": "css selector", "value": css])
        guard let id = (found as? [String: Any])?[Self.elementKey] as? String else { throw Failure(description: "no element \(css)") }
        return id
    }

    func type(_ css: String, _ text: String) throws { try call("POST", "/session/\(session)/element/\(try element(css))/value", ["text": text]) }

    /// Clicks the element `css` names; found again and retried when the page re-rendered it between
    /// the find and the click (WebDriver's "stale element reference").
    func click(_ css: String) throws {
        for attempt in 1...5 {
            do {
                _ = try call("POST", "/session/\(session)/element/\(try element(css))/click")
                return
            } catch where attempt < 5 && "\(error)".contains("stale element reference") {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
    }

    /// Runs `script` in the page and returns its result.
    func run(_ script: String) throws -> Any? { try call("POST", "/session/\(session)/execute/sync", ["script": script, "args": [Any]()]) }

    /// Waits until `script` returns true in the page.
    func wait(_ what: String, timeout: Double = 60, _ script: String) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while (try? run(script)) as? Bool != true {
            guard Date() < deadline else { throw Failure(description: "timed out waiting for \(what)") }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }

    /// Saves a PNG of the page to `file`.
    func screenshot(_ file: URL) throws {
        guard let encoded = try call("GET", "/session/\(session)/screenshot") as? String, let png = Data(base64Encoded: encoded) else {
            throw Failure(description: "no screenshot")
        }
        try png.write(to: file)
    }

    /// Closes the browser and stops the driver (with SIGKILL: chromedriver outlives SIGTERM).
    func quit() {
        if !session.isEmpty { _ = try? call("DELETE", "/session/\(session)") }
        session = ""
        guard driver.processIdentifier != 0 else { return }  // never started
        if driver.isRunning { kill(driver.processIdentifier, SIGKILL) }
        driver.waitUntilExit()
    }

    deinit { quit() }
}
