public import Foundation
import Hummingbird
import HummingbirdWebSocket
public import KumoKIS
import HTTPTypes
import Logging
import NIOCore

/// The simulator on loopback: KIS's REST paths and its WebSocket (any path) on one port, and a
/// control API under `/sim/` (`POST /sim/fault` with a fault spec, `POST /sim/step?count=N`,
/// `POST /sim/pace?prints=N` (0 pauses), `POST /sim/drop`, `GET /sim/state`) so a test in another process can drive the market and the faults.
public enum KISSimulatorServer {
    /// Runs until cancelled; `onRunning` receives the bound port (0 asks the system for a free one).
    /// With `pace` > 0, the market replays `pace` prints a second; PINGPONG goes out every `settings.pingInterval`.
    public static func run(
        _ simulator: KISSimulator, host: String = "127.0.0.1", port: Int = 0, pace: Double = 0, onRunning: @escaping @Sendable (Int) async -> Void
    ) async throws {
        let router = Router()
        var routed: Set<String> = []
        for transaction in KISTransaction.allCases where routed.insert(transaction.path).inserted {  // buy and sell share a path
            router.on(RouterPath(transaction.path), method: transaction.isPost ? .post : .get) { request, _ in try await answer(request, simulator) }
        }
        for path in ["/oauth2/tokenP", "/oauth2/Approval", "/oauth2/revokeP"] {
            router.post(RouterPath(path)) { request, _ in try await answer(request, simulator) }
        }
        router.post("/sim/fault") { request, _ -> Response in
            let spec = String(buffer: try await request.body.collect(upTo: 4096))
            do throws(KISSimulatorError) { try await simulator.addFault(spec) } catch { return text(400, error.description) }
            return text(200, "fault added: \(spec)")
        }
        LoopbackServing.addControl(router, simulator)
        router.get("/sim/state") { _, _ -> Response in text(200, await simulator.state().serialized) }
        try await LoopbackServing.run(simulator, router: router, host: host, port: port, pace: pace, name: "kis-sim", onRunning: onRunning)
    }

    static func answer(_ request: Request, _ simulator: KISSimulator) async throws -> Response {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName.lowercased()] = field.value }
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name).uppercased()] = String(value).removingPercentEncoding ?? String(value) }
        let body = try await request.body.collect(upTo: 1 << 20)
        let reply = await simulator.handle(
            SimulatorRequest(method: request.method.rawValue, path: request.uri.path, headers: headers, query: query, body: Data(body.readableBytesView)))
        if reply.delay > 0 { try await Task.sleep(for: .seconds(reply.delay)) }
        var fields = HTTPFields()
        for (name, value) in reply.headers { if let name = HTTPField.Name(name) { fields[name] = value } }
        let text = reply.body == .null ? "Internal Server Error" : reply.body.serialized
        return Response(status: .init(code: reply.status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func text(_ status: Int, _ message: String) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: message + "\n")))
    }
}

extension KISSimulator {
    /// The account as the simulator holds it: cash, holdings, orders — what a test compares the engine's account with.
    public func state() -> KISJSON {
        .object([
            KISField("cash", .string(String(exchange.cash / 1_000_000))), KISField("orderable_cash", .string(String(exchange.orderableCash / 1_000_000))),
            KISField("holdings", .object(exchange.holdings.keys.sorted().map { KISField($0, .string(String(exchange.holdings[$0]!.quantity))) })),
            KISField("orders", .array(exchange.orders.map { .strings(["odno": $0.number, "pdno": $0.symbol, "side": $0.isBuy ? "buy" : "sell", "qty": String($0.quantity), "filled": String($0.filled), "remaining": String($0.remaining)]) })),
            KISField("prints", .string(String(printIndex))), KISField("faults_fired", .array(faults.fired.map { .string($0) })),
        ])
    }
}
