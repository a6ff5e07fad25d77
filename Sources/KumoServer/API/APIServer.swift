import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWebSocket
import HTTPTypes
import KumoCore
import KumoEngine
public import KumoLive
import Logging
import NIOCore
import NIOPosix
public import KumoModels
public import NIOSSL
import Prometheus

/// The operator's HTTP API beside the console, on Hummingbird: versioned routes under `/api/v1`,
/// bearer tokens with roles, token-bucket limits per token and route class, a body cap, the
/// dashboard at `/`, and `/health`, `/ready` and `/metrics`. Every engine read and command runs
/// on the engine thread through ``EngineGate``, between events, and commands are journaled.
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
    /// Prometheus metrics; the engine's recorders come from its factory.
    public var metrics: OperatorMetrics
    /// Equity sampled between events (the P&L route, the dashboard's charts, drawdown).
    public var history: EquityHistory
    /// Recent alerts (the dashboard's list on login).
    public var alerts: AlertLog
    /// Backtest jobs; nil when the API runs without a config to take bars from.
    public var backtests: BacktestJobs?
    /// The model registry the model routes read and change.
    public var registry: ModelRegistry?
    /// The hot reads made between events; nil reads everything through the gate.
    public var snapshots: EngineSnapshots?
    /// HTTPS (and WSS) with this certificate and key; nil serves plain HTTP.
    public var tls: TLSConfiguration?

    /// The default limits: reads 50 a second (burst 100), trading and admin 5 a second (burst 10).
    public static let defaultLimits: [String: RateLimiter.Limit] = [
        "read": .init(burst: 100, perSecond: 50), "trade": .init(burst: 10, perSecond: 5), "admin": .init(burst: 10, perSecond: 5),
    ]

    public init(
        host: String, port: Int, tokens: TokenStore, gate: EngineGate, hub: StreamHub = StreamHub(), metrics: OperatorMetrics = OperatorMetrics(),
        history: EquityHistory = EquityHistory(), alerts: AlertLog = AlertLog(), limits: [String: RateLimiter.Limit] = Self.defaultLimits, maxBody: Int = 16_384
    ) {
        self.hub = hub
        self.host = host
        self.port = port
        self.tokens = tokens
        self.gate = gate
        self.metrics = metrics
        self.history = history
        self.alerts = alerts
        limiter = RateLimiter(limits: limits)
        self.maxBody = maxBody
    }

    /// The TLS settings of a PEM certificate chain and private key.
    /// - Throws: NIOSSL's error naming what could not be read.
    public static func tls(certificate: String, key: String) throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(certificate).map { NIOSSLCertificateSource.certificate($0) }
        return TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
    }

    /// The API's one event-loop thread, at a lower scheduling priority (nice 10) than the engine's:
    /// on a busy machine a flood of requests slows the API, not the trading.
    static let eventLoops: MultiThreadedEventLoopGroup = {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        // On Linux, PRIO_PROCESS with id 0 sets the calling thread's niceness only.
        group.next().execute { _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10) }
        return group
    }()

    /// Serves until cancelled; `onRunning` hears the bound port.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let router = Router()
        addMonitoringRoutes(router)
        addTradingRoutes(router)
        addStrategyRoutes(router)
        addModelRoutes(router)
        addBacktestRoutes(router)
        addDashboardRoutes(router)
        var logger = Logger(label: "kumo.api")
        logger.logLevel = .warning
        let api = self
        let upgrade: HTTPServerBuilder = .http1WebSocketUpgrade { head, _, _ in
            guard head.path?.hasPrefix("/api/v1/stream") == true else { return .dontUpgrade }
            let query = head.path.map { URLComponents(string: $0)?.queryItems ?? [] } ?? []
            let presented = query.first { $0.name == "token" }?.value
            return .upgrade([:]) { inbound, outbound, _ in try await api.stream(inbound, outbound, token: presented) }
        }
        let app = Application(
            router: router, server: try tls.map { try .tls(upgrade, tlsConfiguration: $0) } ?? upgrade,
            configuration: .init(address: .hostname(host, port: port), serverName: "kumo"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, eventLoopGroupProvider: .shared(Self.eventLoops), logger: logger)
        try await app.run()
    }

    /// `/health`, `/ready`, `/metrics` and the OpenAPI document.
    func addMonitoringRoutes(_ router: Router<BasicRequestContext>) {
        let api = self
        router.get("/health") { _, _ in Self.response(.json(["status": "ok"])) }
        router.get("/ready") { _, _ in
            Self.response(await api.gate.perform { engine in
                var checks: [String: Any] = ["engine": true, "journal": engine.journalWritable]
                let silent = Date().timeIntervalSince(engine.lastEventAt)
                checks["feed"] = engine.broker == nil || silent < 60
                if engine.broker != nil { checks["broker"] = engine.brokerConnected == true }
                let ready = checks.values.allSatisfy { $0 as? Bool == true }
                return .json([
                    "ready": ready, "checks": checks, "events": engine.kernel.eventIndex, "halted": engine.kernel.haltReason as Any,
                    "broker": engine.broker == nil ? "simulated" : engine.brokerConnected == true ? "connected" : "disconnected",
                    "seconds_since_event": silent,
                ], status: ready ? 200 : 503)
            })
        }
        router.get("/metrics") { request, _ in
            await api.handle(request, role: .viewer, routeClass: "read") { _, _ in
                await api.gate.perform { engine in
                    APIReply(status: 200, body: Data(api.metrics.render(engine, history: api.history).utf8), contentType: "text/plain; version=0.0.4; charset=utf-8")
                }
            }
        }
        router.get("/api/v1/openapi.json") { _, _ in Self.response(APIReply(status: 200, body: Data(OpenAPIDocument.json.utf8))) }
        router.get("/api/v1/alerts") { request, _ in
            await api.handle(request, role: .viewer, routeClass: "read") { _, _ in .json(Array(api.alerts.recent.reversed())) }
        }
    }

    /// Authentication, role, rate limit and body, in that order; then `body` with the caller's
    /// token and the request's bytes.
    func handle(_ request: Request, role required: APIRole, routeClass: String, _ body: (TokenStore.Record, Data) async -> APIReply) async -> Response {
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
        return Self.response(await body(token, Data(bytes.readableBytesView)))
    }

    static func response(_ reply: APIReply) -> Response {
        var fields = HTTPFields()
        fields[.contentType] = reply.contentType
        for (name, value) in reply.headers { if let name = HTTPField.Name(name) { fields[name] = value } }
        return Response(status: .init(code: reply.status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
    }
}
