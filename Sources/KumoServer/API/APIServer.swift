import Foundation
import Hummingbird
import HummingbirdWebSocket
import HTTPTypes
import KumoCore
import KumoEngine
public import KumoLive
import Logging
import NIOCore

/// The operator's HTTP API beside the console, on Hummingbird: versioned routes under `/api/v1`,
/// bearer tokens with roles, token-bucket limits per token and route class, a body cap, and
/// `/health`, `/ready` and `/metrics`. Every engine read and command runs on the engine thread
/// through ``EngineGate``, between events, where the journal records what commands changed.
public struct APIServer: Sendable {
    public var host: String
    public var port: Int
    public var tokens: TokenStore
    public var gate: EngineGate
    public var limiter: RateLimiter
    /// The largest request body accepted (413 above it).
    public var maxBody: Int
    /// The WebSocket stream's fan-out (`/api/v1/stream`).
    public var hub: StreamHub

    /// The default limits: reads 50 a second (burst 100), trading and admin 5 a second (burst 10).
    public static let defaultLimits: [String: RateLimiter.Limit] = [
        "read": .init(burst: 100, perSecond: 50), "trade": .init(burst: 10, perSecond: 5), "admin": .init(burst: 10, perSecond: 5),
    ]

    public init(
        host: String, port: Int, tokens: TokenStore, gate: EngineGate, hub: StreamHub = StreamHub(), limits: [String: RateLimiter.Limit] = Self.defaultLimits,
        maxBody: Int = 16_384
    ) {
        self.hub = hub
        self.host = host
        self.port = port
        self.tokens = tokens
        self.gate = gate
        limiter = RateLimiter(limits: limits)
        self.maxBody = maxBody
    }

    /// Serves until cancelled; `onRunning` hears the bound port.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let router = Router()
        let api = self
        router.get("/health") { _, _ in Self.response(.json(["status": "ok"])) }
        router.get("/ready") { _, _ in
            Self.response(await api.gate.perform { engine in
                let halted = engine.kernel.haltReason
                return .json(["ready": true, "events": engine.kernel.eventIndex, "halted": halted as Any, "broker": engine.broker == nil ? "simulated" : "connected"])
            })
        }
        router.get("/metrics") { request, _ in
            await api.handle(request, role: .viewer, routeClass: "read") { _ in await api.gate.perform { engine in
                APIReply(status: 200, body: Data(PrometheusText.render(engine).utf8), contentType: "text/plain; version=0.0.4; charset=utf-8")
            } }
        }
        router.get("/api/v1/openapi.json") { _, _ in Self.response(APIReply(status: 200, body: Data(OpenAPIDocument.json.utf8))) }
        router.get("/api/v1/account") { request, _ in
            await api.handle(request, role: .viewer, routeClass: "read") { _ in await api.gate.perform { .json(EngineViews.account($0)) } }
        }
        router.get("/api/v1/positions") { request, _ in
            await api.handle(request, role: .viewer, routeClass: "read") { _ in await api.gate.perform { .json(EngineViews.positions($0)) } }
        }
        router.get("/api/v1/orders") { request, _ in
            await api.handle(request, role: .viewer, routeClass: "read") { _ in
                await api.gate.perform { engine in .json(engine.kernel.openOrders().map(EngineViews.order)) }
            }
        }
        router.get("/api/v1/fills") { request, _ in
            let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? 100
            return await api.handle(request, role: .viewer, routeClass: "read") { _ in await api.gate.perform { .json(EngineViews.fills($0, limit: limit)) } }
        }
        router.get("/api/v1/strategies") { request, _ in
            await api.handle(request, role: .viewer, routeClass: "read") { _ in await api.gate.perform { .json(EngineViews.strategies($0)) } }
        }
        router.post("/api/v1/orders") { request, _ in
            await api.handle(request, role: .trader, routeClass: "trade") { body in await api.placeOrder(body) }
        }
        router.delete("/api/v1/orders/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await api.handle(request, role: .trader, routeClass: "trade") { _ in
                await api.gate.perform { engine in
                    guard let order = engine.kernel.orders[ClientOrderID(id)] else { return .error(404, "no order has the id \(id)") }
                    if let problem = engine.kernel.cancel(order.id) { return .error(409, problem) }
                    return .json(EngineViews.order(engine.kernel.orders[order.id] ?? order))
                }
            }
        }
        for (path, command) in [("halt", RiskCommand.halt), ("resume", .resume), ("flatten", .flatten)] {
            router.post(RouterPath("/api/v1/risk/\(path)")) { request, _ in
                await api.handle(request, role: .admin, routeClass: "admin") { body in await api.risk(command, body) }
            }
        }
        for (action, enabled) in [("enable", true), ("disable", false)] {
            router.post(RouterPath("/api/v1/strategies/:name/\(action)")) { request, context in
                let name = context.parameters.get("name") ?? ""
                return await api.handle(request, role: .admin, routeClass: "admin") { _ in
                    await api.gate.perform { engine in
                        guard let state = engine.setEnabled(name, enabled) else { return .error(404, "no strategy is named \(name)") }
                        return .json(["name": state.name, "enabled": state.enabled, "health": state.health])
                    }
                }
            }
        }
        router.get("/api/v1/strategies/:name/reloads") { request, context in
            let name = context.parameters.get("name") ?? ""
            return await api.handle(request, role: .viewer, routeClass: "read") { _ in
                await api.gate.perform { engine in engine.reloadHistory(of: name).map { .json($0) } ?? .error(404, "no strategy is named \(name)") }
            }
        }
        router.post("/api/v1/strategies/:name/params") { request, context in
            let name = context.parameters.get("name") ?? ""
            return await api.handle(request, role: .admin, routeClass: "admin") { body in await api.setParameter(name, body) }
        }
        router.get("/api/v1/data/symbols") { request, _ in
            await api.handle(request, role: .viewer, routeClass: "read") { _ in await api.gate.perform { .json($0.feedSymbols) } }
        }
        router.get("/api/v1/data/bars/:symbol") { request, context in
            let code = context.parameters.get("symbol") ?? ""
            let limit = request.uri.queryParameters.get("limit", as: Int.self) ?? 100
            return await api.handle(request, role: .viewer, routeClass: "read") { _ in
                guard let symbol = Symbol(code) else { return .error(400, "'\(code)' is not a symbol code") }
                guard limit > 0 else { return .error(400, "limit must be positive") }
                return await api.gate.perform { engine in
                    .json(engine.kernel.history(symbol, count: limit).map { bar in
                        ["time": bar.time.kst, "open": bar.open.doubleValue, "high": bar.high.doubleValue, "low": bar.low.doubleValue,
                         "close": bar.close.doubleValue, "volume": bar.volume] as [String: Any]
                    })
                }
            }
        }
        router.post("/api/v1/strategies/:name/reload") { request, context in
            let name = context.parameters.get("name") ?? ""
            return await api.handle(request, role: .admin, routeClass: "admin") { _ in
                await api.gate.perform { engine in
                    engine.queueReload(name) ? .json(["name": name, "reload": "queued"], status: 202) : .error(404, "no strategy is named \(name)")
                }
            }
        }
        var logger = Logger(label: "kumo.api")
        logger.logLevel = .warning
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade { head, _, _ in
                guard head.path?.hasPrefix("/api/v1/stream") == true else { return .dontUpgrade }
                let query = head.path.map { URLComponents(string: $0)?.queryItems ?? [] } ?? []
                let presented = query.first { $0.name == "token" }?.value
                return .upgrade([:]) { inbound, outbound, _ in try await api.stream(inbound, outbound, token: presented) }
            },
            configuration: .init(address: .hostname(host, port: port), serverName: "kumo"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger)
        try await app.run()
    }

    /// Authentication, role, rate limit and body, in that order; then `body` with the request's bytes.
    func handle(_ request: Request, role required: APIRole, routeClass: String, _ body: (Data) async -> APIReply) async -> Response {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            return Self.response(.error(401, "send a token: Authorization: Bearer kumo_…", headers: ["WWW-Authenticate": "Bearer"]))
        }
        guard let token = tokens.verify(String(header.dropFirst(7))) else {
            return Self.response(.error(401, "the token is unknown or revoked", headers: ["WWW-Authenticate": "Bearer"]))
        }
        guard token.role.allows(required) else {
            return Self.response(.error(403, "this needs the \(required.rawValue) role; the token is \(token.role.rawValue)"))
        }
        let now = Double(DispatchTime.now().uptimeNanoseconds) / 1e9
        if let wait = limiter.take(key: token.id, routeClass: routeClass, now: now) {
            return Self.response(.error(429, "rate limit of \(routeClass) requests reached; retry in \(wait) s", headers: ["Retry-After": "\(wait)"]))
        }
        let bytes: ByteBuffer
        do {
            bytes = try await request.body.collect(upTo: maxBody)
        } catch {
            return Self.response(.error(413, "the request body is over \(maxBody) bytes"))
        }
        return Self.response(await body(Data(bytes.readableBytesView)))
    }

    static func response(_ reply: APIReply) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = reply.contentType
        for (name, value) in reply.headers { if let name = HTTPField.Name(name) { fields[name] = value } }
        return Response(status: .init(code: reply.status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
    }
}
