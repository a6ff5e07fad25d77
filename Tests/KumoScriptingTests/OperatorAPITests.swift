import Foundation
import HummingbirdWSClient
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
    }

    static func start(portOffset: Int) throws -> Engine {
        let home = try LiveRecoveryTests.home(speed: 20 * 86_400)
        let store = home.appendingPathComponent("tokens.sqlite")
        var tokens: [String: String] = [:]
        for role in ["viewer", "trader", "admin"] { tokens[role] = try Self.token(role, store: store) }
        let port = 20_000 + Int(getpid() % 10_000) + portOffset
        let process = Process()
        process.executableURL = KumoProcess.binary
        process.arguments = ["run", "--config", home.appendingPathComponent("kumo.toml").path, "--no-reload", "--http", "127.0.0.1:\(port)", "--tokens", store.path]
        process.currentDirectoryURL = TestPaths.project
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let client = Client(port: port)
        let deadline = Date().addingTimeInterval(30)
        while client.send("GET", "/health").status != 200, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        return Engine(process: process, pipe: pipe, client: client, port: port, tokens: tokens)
    }

    @Test func everyRoleAndEveryRefusalOverHTTP() throws {
        let engine = try Self.start(portOffset: 0)
        let (process, pipe, client, port) = (engine.process, engine.pipe, engine.client, engine.port)
        let (viewer, trader, admin) = (engine.tokens["viewer"]!, engine.tokens["trader"]!, engine.tokens["admin"]!)
        defer { if process.isRunning { process.terminate() } }
        #expect(client.send("GET", "/health").body == #"{"status":"ok"}"#)

        // 401 without a token or with a wrong one; 403 below the route's role.
        #expect(client.send("GET", "/api/v1/account").status == 401)
        #expect(client.send("GET", "/api/v1/account", token: String(viewer.dropLast()) + "0").status == 401)
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

        // Metrics in Prometheus' text format; the OpenAPI document lists the routes.
        let metrics = client.send("GET", "/metrics", token: viewer)
        #expect(metrics.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        let sample = try Regex(#"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"]*")*\})? [-+0-9.eEInfa]+$"#)
        for line in metrics.body.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(line.wholeMatch(of: sample) != nil, "not a sample line: \(line)")
        }
        #expect(metrics.body.contains("kumo_events_total ") && metrics.body.contains("kumo_orders{state=\"cancelled\"} 1"), "\(metrics.body)")
        let document = client.send("GET", "/api/v1/openapi.json").json as? [String: Any]
        #expect((document?["paths"] as? [String: Any])?["/api/v1/orders"] != nil)

        // The read bucket holds 100: a burst past it gets 429 with Retry-After.
        var limited: Reply?
        for _ in 0..<150 {
            let reply = client.send("GET", "/api/v1/positions", token: viewer)
            if reply.status == 429 { limited = reply; break }
        }
        let refusal = try #require(limited)
        #expect(Int(refusal.headers["retry-after"] ?? "") ?? 0 >= 1)
        process.terminate()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(output.contains("api on http://127.0.0.1:\(port)"))
        #expect(!output.contains(viewer) && !output.contains(admin), "a token reached the output")
    }

    @Test func theStreamDeliversAFillAsItHappens() async throws {
        let engine = try Self.start(portOffset: 10_000)
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
