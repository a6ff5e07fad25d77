import Foundation
import HummingbirdWSClient
import KumoLive
import Logging
import NIOWebSocket
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import Synchronization
import Testing

/// The operator's HTTP API over real HTTP against a running `kumo run`: every role, the refusals
/// (401, 403, 409, 413, 400 naming the field, 429 with Retry-After) changing nothing, and the
/// commands taking effect on the engine.
struct OperatorAPITests {
    struct Reply {
        var status: Int
        var body: String
        var headers: [String: String]
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) }
    }

    final class Client: @unchecked Sendable {
        let base: String
        init(port: Int) { base = "http://127.0.0.1:\(port)" }

        func send(_ method: String, _ path: String, token: String? = nil, body: Data? = nil) -> Reply {
            var request = URLRequest(url: URL(string: base + path)!)
            request.httpMethod = method
            request.httpBody = body
            request.timeoutInterval = 10
            if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
            let done = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var reply = Reply(status: -1, body: "", headers: [:])
            URLSession.shared.dataTask(with: request) { data, response, _ in
                if let http = response as? HTTPURLResponse {
                    var headers: [String: String] = [:]
                    for (key, value) in http.allHeaderFields { headers[String(describing: key).lowercased()] = String(describing: value) }
                    reply = Reply(status: http.statusCode, body: String(decoding: data ?? Data(), as: UTF8.self), headers: headers)
                }
                done.signal()
            }.resume()
            done.wait()
            return reply
        }

        /// `count` GETs of `path` sent at once; their replies, in no order.
        func burst(_ count: Int, _ path: String, token: String) -> [Reply] {
            let configuration = URLSessionConfiguration.ephemeral
            configuration.httpMaximumConnectionsPerHost = count
            let session = URLSession(configuration: configuration)
            defer { session.finishTasksAndInvalidate() }
            let group = DispatchGroup()
            let replies = Mutex<[Reply]>([])
            for _ in 0..<count {
                var request = URLRequest(url: URL(string: base + path)!)
                request.timeoutInterval = 30
                request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
                group.enter()
                session.dataTask(with: request) { _, response, _ in
                    if let http = response as? HTTPURLResponse {
                        var headers: [String: String] = [:]
                        for (key, value) in http.allHeaderFields { headers[String(describing: key).lowercased()] = String(describing: value) }
                        replies.withLock { $0.append(Reply(status: http.statusCode, body: "", headers: headers)) }
                    }
                    group.leave()
                }.resume()
            }
            group.wait()
            return replies.withLock { $0 }
        }
    }

    static func token(_ role: String, store: URL) throws -> String {
        let (status, output) = try KumoProcess.run(["token", "create", "--role", role, "--tokens", store.path])
        #expect(status == 0, "\(output)")
        return try #require(output.split(separator: "\n").first { $0.hasPrefix("kumo_") }.map(String.init))
    }

    /// A running `kumo run --http` on a paced feed, its tokens by role and a client.
    struct Engine {
        var process: Process
        var pipe: Pipe
        var client: Client
        var port: Int
        var tokens: [String: String]
        var home: URL

        /// Stops the engine and returns what it printed.
        func stop() -> String {
            process.terminate()
            process.waitUntilExit()
            return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
    }

    /// Families, samples and type of each family, as Python's `prometheus_client` parser reads `text`.
    static func prometheusParse(_ text: String) throws -> [String: (type: String, samples: [(name: String, labels: [String: String], value: Double)])] {
        let script = """
            import json, sys
            from prometheus_client.parser import text_string_to_metric_families
            out = {f.name: {"type": f.type, "samples": [[s.name, s.labels, s.value] for s in f.samples]} for f in text_string_to_metric_families(sys.stdin.read())}
            print(json.dumps(out))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        try #require(process.terminationStatus == 0, "the Prometheus parser (pip install prometheus-client) refused /metrics: \(problem)")
        let families = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]])
        return families.mapValues { family in
            let samples = (family["samples"] as? [[Any]] ?? []).map { ($0[0] as! String, $0[1] as! [String: String], ($0[2] as? NSNumber)?.doubleValue ?? .nan) }
            return (family["type"] as? String ?? "", samples)
        }
    }

    /// Starts `kumo run --http` on `home` (a new paced home when nil); tokens already in the
    /// home's store are reused (`tokens`), else one per role is created.
    static func start(portOffset: Int, home given: URL? = nil, tokens known: [String: String] = [:], arguments: [String] = [], host: String = "127.0.0.1", scheme: String = "http") throws -> Engine {
        let home = try given ?? LiveRecoveryTests.home(speed: 20 * 86_400)
        let store = home.appendingPathComponent("tokens.sqlite")
        var tokens = known
        if tokens.isEmpty { for role in ["viewer", "trader", "admin"] { tokens[role] = try Self.token(role, store: store) } }
        let port = 20_000 + Int(getpid() % 10_000) + portOffset
        let process = Process()
        process.executableURL = KumoProcess.binary
        process.arguments = ["run", "--config", home.appendingPathComponent("kumo.toml").path, "--no-reload", "--http", "\(host):\(port)", "--tokens", store.path] + arguments
        process.currentDirectoryURL = TestPaths.project
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let client = Client(port: port)
        let deadline = Date().addingTimeInterval(30)
        while scheme == "http", client.send("GET", "/health").status != 200, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        return Engine(process: process, pipe: pipe, client: client, port: port, tokens: tokens, home: home)
    }

    @Test func everyRoleAndEveryRefusalOverHTTP() throws {
        let engine = try Self.start(portOffset: 0)
        let (process, pipe, client, port) = (engine.process, engine.pipe, engine.client, engine.port)
        let (viewer, trader, admin) = (engine.tokens["viewer"]!, engine.tokens["trader"]!, engine.tokens["admin"]!)
        defer { if process.isRunning { process.terminate() } }
        #expect(client.send("GET", "/health").body == #"{"status":"ok"}"#)

        // 401 without a token or with a wrong one; 403 below the route's role.
        #expect(client.send("GET", "/api/v1/account").status == 401)
        #expect(client.send("GET", "/api/v1/account", token: String(viewer.dropLast()) + (viewer.last == "0" ? "1" : "0")).status == 401)
        let account = client.send("GET", "/api/v1/account", token: viewer)
        #expect(account.status == 200)
        #expect((account.json as? [String: Any])?["cash"] != nil, "\(account.body)")
        let order = try JSONSerialization.data(withJSONObject: ["strategy": "sma_cross", "symbol": "SYN0001", "side": "buy", "qty": 1, "limit": 1, "tif": "gtc"])
        #expect(client.send("POST", "/api/v1/orders", token: viewer, body: order).status == 403)
        #expect(client.send("POST", "/api/v1/risk/halt", token: trader).status == 403)
        #expect((client.send("GET", "/api/v1/orders", token: viewer).json as? [Any])?.isEmpty == true)

        // Bad bodies name what is wrong; none places anything.
        let malformed = client.send("POST", "/api/v1/orders", token: trader, body: Data("{not json".utf8))
        #expect(malformed.status == 400 && malformed.body.contains("not a JSON object"))
        let missing = try JSONSerialization.data(withJSONObject: ["symbol": "SYN0001", "side": "buy", "qty": 1])
        let named = client.send("POST", "/api/v1/orders", token: trader, body: missing)
        #expect(named.status == 400 && named.body.contains("'strategy'"), "\(named.body)")
        let wrongType = try JSONSerialization.data(withJSONObject: ["strategy": "sma_cross", "symbol": "SYN0001", "side": "buy", "qty": "one"])
        #expect(client.send("POST", "/api/v1/orders", token: trader, body: wrongType).body.contains("'qty'"))
        #expect(client.send("POST", "/api/v1/orders", token: trader, body: Data(repeating: 0x20, count: 20_000)).status == 413)
        #expect((client.send("GET", "/api/v1/orders", token: viewer).json as? [Any])?.isEmpty == true)

        // Halted: orders are refused with 409 and nothing is placed; resumed, one goes in and is cancelled.
        #expect(client.send("POST", "/api/v1/risk/halt", token: admin, body: Data(#"{"reason":"api test"}"#.utf8)).status == 200)
        #expect((client.send("GET", "/api/v1/account", token: viewer).json as? [String: Any])?["halted"] as? String == "api test")
        #expect(client.send("POST", "/api/v1/orders", token: trader, body: order).status == 409)
        #expect((client.send("GET", "/api/v1/orders", token: viewer).json as? [Any])?.isEmpty == true)
        #expect(client.send("POST", "/api/v1/risk/resume", token: admin).status == 200)
        let placed = client.send("POST", "/api/v1/orders", token: trader, body: order)
        #expect(placed.status == 201, "\(placed.body)")
        let id = try #require((placed.json as? [String: Any])?["id"] as? String)
        #expect((client.send("GET", "/api/v1/orders", token: viewer).json as? [[String: Any]])?.first?["id"] as? String == id)
        let cancelled = client.send("DELETE", "/api/v1/orders/\(id)", token: trader)
        #expect(cancelled.status == 200 && cancelled.body.contains("cancel"), "\(cancelled.body)")
        #expect(client.send("DELETE", "/api/v1/orders/nope", token: trader).status == 404)

        // Strategies: admin disables and enables; the state shows it.
        #expect(client.send("POST", "/api/v1/strategies/sma_cross/disable", token: admin).body.contains(#""enabled":false"#))
        #expect(client.send("POST", "/api/v1/strategies/sma_cross/enable", token: admin).body.contains(#""enabled":true"#))
        #expect(client.send("POST", "/api/v1/strategies/nope/enable", token: admin).status == 404)
        let parameter = client.send("POST", "/api/v1/strategies/sma_cross/params", token: admin, body: Data(#"{"key": "fast", "value": 5}"#.utf8))
        #expect(parameter.status == 200 && parameter.body.contains(#""value":"5""#), "\(parameter.body)")
        let unknown = client.send("POST", "/api/v1/strategies/sma_cross/params", token: admin, body: Data(#"{"key": "fats", "value": 5}"#.utf8))
        #expect(unknown.status == 422 && unknown.body.contains("no parameter 'fats'"), "\(unknown.body)")
        #expect(client.send("POST", "/api/v1/strategies/sma_cross/params", token: trader, body: Data(#"{"key": "fast", "value": 7}"#.utf8)).status == 403)
        #expect((client.send("GET", "/api/v1/strategies/sma_cross/reloads", token: viewer).json as? [Any])?.isEmpty == true)
        let symbols = client.send("GET", "/api/v1/data/symbols", token: viewer).json as? [[String: Any]]
        #expect(symbols?.map { $0["symbol"] as? String } == ["SYN0001", "SYN0002", "SYN0003", "SYN0004"])
        let bars = client.send("GET", "/api/v1/data/bars/SYN0001?limit=3", token: viewer).json as? [[String: Any]]
        #expect(bars?.count == 3 && bars?.first?["close"] != nil, "\(String(describing: bars))")
        #expect(client.send("GET", "/api/v1/data/bars/SYN0001?limit=0", token: viewer).status == 400)

        // Metrics as Prometheus' own parser reads them; the OpenAPI document lists the routes.
        let metrics = client.send("GET", "/metrics", token: viewer)
        #expect(metrics.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        let families = try Self.prometheusParse(metrics.body)
        func value(_ family: String, _ sample: String, _ labels: [String: String] = [:]) -> Double? {
            families[family]?.samples.first { $0.name == sample && $0.labels == labels }?.value
        }
        #expect(families["kumo_on_bar_seconds"]?.type == "histogram")
        #expect((value("kumo_on_bar_seconds", "kumo_on_bar_seconds_count", ["strategy": "sma_cross"]) ?? 0) > 0, "on_bar latency is recorded per strategy")
        #expect((value("kumo_journal_commit_seconds", "kumo_journal_commit_seconds_count") ?? 0) >= 1, "the placed order's records were committed")
        #expect((value("kumo_events", "kumo_events_total") ?? 0) > 0)
        #expect(value("kumo_orders", "kumo_orders", ["state": "cancelled"]) == 1)
        #expect(value("kumo_halted", "kumo_halted") == 0)
        #expect((value("kumo_lua_memory_bytes", "kumo_lua_memory_bytes", ["strategy": "sma_cross"]) ?? 0) > 10_000)
        #expect(value("kumo_equity", "kumo_equity") != nil && value("kumo_drawdown", "kumo_drawdown") != nil)
        #expect(value("kumo_exposure", "kumo_exposure", ["kind": "gross"]) != nil)
        let document = client.send("GET", "/api/v1/openapi.json").json as? [String: Any]
        let paths = try #require(document?["paths"] as? [String: Any])
        for path in ["/api/v1/orders", "/api/v1/pnl", "/api/v1/models/{name}/promote", "/api/v1/backtests/{id}/report", "/api/v1/risk"] { #expect(paths[path] != nil, "\(path)") }
        let pnl = try #require(client.send("GET", "/api/v1/pnl", token: viewer).json as? [String: Any])
        #expect(((pnl["curve"] as? [[String: Any]])?.count ?? 0) >= 1 && pnl["drawdown"] != nil && pnl["peak"] != nil, "\(pnl)")
        let risk = try #require(client.send("GET", "/api/v1/risk", token: viewer).json as? [String: Any])
        #expect(risk["halted"] is NSNull && risk["limits"] is [String: Any], "\(risk)")
        #expect((client.send("GET", "/api/v1/whoami", token: trader).json as? [String: Any])?["role"] as? String == "trader")

        // The read bucket holds 100: a burst past it gets 429 with Retry-After. The 300 requests go
        // out together, so a loaded machine's slow replies cannot let the bucket refill between them.
        let limited = client.burst(300, "/api/v1/positions", token: viewer).first { $0.status == 429 }
        let refusal = try #require(limited)
        #expect(Int(refusal.headers["retry-after"] ?? "") ?? 0 >= 1)
        process.terminate()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(output.contains("api on http://127.0.0.1:\(port)"))
        #expect(!output.contains(viewer) && !output.contains(admin), "a token reached the output")
    }

    /// `curl` over HTTPS trusting only `certificate`: status and body (status 0 when no TLS answer).
    static func curl(_ url: String, certificate: URL, token: String? = nil) throws -> (status: Int, body: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-s", "--max-time", "5", "--cacert", certificate.path, "-w", "\n%{http_code}", url] + (token.map { ["-H", "Authorization: Bearer \($0)"] } ?? [])
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    @Test func tlsLetsTheAPIListenBeyondLoopback() throws {
        let home = try LiveRecoveryTests.home(speed: 20 * 86_400)
        let (certificate, key) = (home.appendingPathComponent("cert.pem"), home.appendingPathComponent("key.pem"))
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.path, "-out", certificate.path, "-days", "1", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1",
        ]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0, "openssl could not make a certificate")
        let config = home.appendingPathComponent("kumo.toml").path
        let store = home.appendingPathComponent("tokens.sqlite").path
        // Beyond loopback without TLS: refused before anything starts; a key without its certificate too.
        let bare = try KumoProcess.run(["run", "--config", config, "--http", "0.0.0.0:1", "--tokens", store, "--exit-at-end"])
        #expect(bare.status != 0 && bare.output.contains("listens beyond loopback") && bare.output.contains("--tls-cert"), "\(bare.output)")
        let half = try KumoProcess.run(["run", "--config", config, "--http", "127.0.0.1:1", "--tls-key", key.path, "--tokens", store, "--exit-at-end"])
        #expect(half.status != 0 && half.output.contains("--tls-cert and --tls-key go together"), "\(half.output)")

        let engine = try Self.start(portOffset: 7_000, home: home, arguments: ["--tls-cert", certificate.path, "--tls-key", key.path], host: "0.0.0.0", scheme: "https")
        defer { if engine.process.isRunning { engine.process.terminate() } }
        let base = "https://127.0.0.1:\(engine.port)"
        var health = (status: 0, body: "")
        let deadline = Date().addingTimeInterval(30)
        while health.status != 200, Date() < deadline {
            health = try Self.curl(base + "/health", certificate: certificate)
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(health.status == 200 && health.body.contains("ok"))
        let account = try Self.curl(base + "/api/v1/account", certificate: certificate, token: engine.tokens["viewer"])
        #expect(account.status == 200 && account.body.contains("equity"), "\(account)")
        #expect(try Self.curl(base + "/api/v1/account", certificate: certificate).status == 401)
        // Plain HTTP gets no API answer on the TLS port.
        #expect(engine.client.send("GET", "/health").status != 200)
        let output = engine.stop()
        #expect(output.contains("api on https://0.0.0.0:\(engine.port)"), "\(output)")
    }

    @Test func commandsAreJournaledAndARestartKeepsThem() throws {
        let engine = try Self.start(portOffset: 20_000)
        let (viewer, admin) = (engine.tokens["viewer"]!, engine.tokens["admin"]!)
        defer { if engine.process.isRunning { engine.process.terminate() } }
        let client = engine.client
        #expect(client.send("POST", "/api/v1/risk/halt", token: admin, body: Data(#"{"reason": "restart test"}"#.utf8)).status == 200)
        #expect(client.send("POST", "/api/v1/strategies/sma_cross/disable", token: admin).status == 200)
        #expect(client.send("POST", "/api/v1/strategies/sma_cross/params", token: admin, body: Data(#"{"key": "fast", "value": 7}"#.utf8)).status == 200)
        // A refused command changes nothing and journals nothing.
        #expect(client.send("POST", "/api/v1/risk/halt", token: admin, body: Data(#"{"reason": 5}"#.utf8)).status == 400)
        #expect(client.send("POST", "/api/v1/strategies/sma_cross/params", token: admin, body: Data(#"{"key": "nope", "value": 1}"#.utf8)).status == 422)
        let output = engine.stop()
        #expect(!output.contains(admin))

        let journal = try LiveRecoveryTests.journal(engine.home)
        #expect(journal.commands.map(\.action) == ["halt", "disable", "set_param"], "\(journal.commands)")
        #expect(journal.commands.first?.detail == "restart test" && journal.commands.last?.detail == "fast=7")
        let tokenID = String(admin.split(separator: "_")[1])
        #expect(journal.commands.allSatisfy { $0.source == "api:\(tokenID)" }, "the token's id, never the token: \(journal.commands.map(\.source))")

        // Started again on the same journal: still halted, the strategy still disabled.
        let again = try Self.start(portOffset: 20_000, home: engine.home, tokens: engine.tokens)
        defer { if again.process.isRunning { again.process.terminate() } }
        let risk = again.client.send("GET", "/api/v1/risk", token: viewer).json as? [String: Any]
        #expect(risk?["halted"] as? String == "restart test", "\(String(describing: risk))")
        let strategies = again.client.send("GET", "/api/v1/strategies", token: viewer).json as? [[String: Any]]
        #expect(strategies?.first?["enabled"] as? Bool == false, "\(String(describing: strategies))")
        _ = again.stop()
    }

    @Test func theStreamDeliversAFillAsItHappens() async throws {
        // Two days a second: the 1,500-day feed outlasts a loaded machine's slow start, so a bar is
        // still to come when the order is placed.
        let engine = try Self.start(portOffset: 10_000, home: LiveRecoveryTests.home(speed: 2 * 86_400))
        defer { if engine.process.isRunning { engine.process.terminate() } }
        let client = engine.client
        let trader = engine.tokens["trader"]!
        // A wrong token is told so and let go.
        let refused = Mutex<[String]>([])
        try await WebSocketClient.connect(url: "ws://127.0.0.1:\(engine.port)/api/v1/stream?token=kumo_000000000000_\(String(repeating: "0", count: 64))", logger: .init(label: "test")) {
            inbound, _, _ in
            for try await message in inbound.messages(maxSize: 1 << 16) { if case .text(let text) = message { refused.withLock { $0.append(text) } } }
        }
        #expect(refused.withLock { $0.first?.contains("authenticate first") } == true)
        let seen = Mutex<[String]>([])
        try await WebSocketClient.connect(url: "ws://127.0.0.1:\(engine.port)/api/v1/stream", logger: .init(label: "test")) { inbound, outbound, _ in
            // Should the fill never come, the session ends after a minute and the test fails on what it saw.
            let watchdog = Task {
                try await Task.sleep(for: .seconds(60))
                try await outbound.close(.normalClosure, reason: "test timed out")
            }
            defer { watchdog.cancel() }
            try await outbound.write(.text(#"{"auth": "\#(engine.tokens["viewer"]!)"}"#))
            var placed = false
            for try await message in inbound.messages(maxSize: 1 << 20) {
                guard case .text(let text) = message else { continue }
                seen.withLock { $0.append(text) }
                if text.contains("authenticated") {
                    try await outbound.write(.text(#"{"subscribe": ["fills", "equity", "nonsense"]}"#))
                    try await outbound.write(.text(#"{"subscribe": ["fills", "equity", "orders"]}"#))
                } else if text.contains("subscribed"), !placed {
                    placed = true
                    let order = try JSONSerialization.data(withJSONObject: ["strategy": "sma_cross", "symbol": "SYN0001", "side": "buy", "qty": 3])
                    let reply = client.send("POST", "/api/v1/orders", token: trader, body: order)
                    #expect(reply.status == 201, "\(reply.body)")
                } else if text.contains(#""topic":"fills""#), text.contains(#""qty":3"#) {
                    try await outbound.close(.normalClosure, reason: nil)
                }
            }
        }
        let messages = seen.withLock { $0 }
        #expect(messages.first?.contains(#""authenticated":"viewer""#) == true)
        #expect(messages.contains { $0.contains("no topic 'nonsense'") })
        #expect(messages.contains { $0.contains(#""topic":"equity""#) })
        #expect(messages.contains { $0.contains(#""topic":"orders""#) })
        #expect(messages.contains { $0.contains(#""topic":"fills""#) && $0.contains(#""symbol":"SYN0001""#) })
    }
}
