public import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import KumoKiwoom
import Logging
import NIOCore

/// The Kiwoom simulator on loopback: its REST paths and its WebSocket on one port, and the same
/// control API as the KIS simulator's (`POST /sim/step?count=N`, `POST /sim/pace?prints=N`,
/// `POST /sim/drop`, `GET /sim/state`).
public enum KiwoomSimulatorServer {
    /// Runs until cancelled; `onRunning` receives the bound port (0 asks the system for a free one).
    public static func run(
        _ simulator: KiwoomSimulator, host: String = "127.0.0.1", port: Int = 0, pace: Double = 0, onRunning: @escaping @Sendable (Int) async -> Void
    ) async throws {
        let router = Router()
        for path in Set(KiwoomAPI.allCases.map(\.path)) {
            router.post(RouterPath(path)) { request, _ -> Response in
                let body = try await request.body.collect(upTo: 1 << 20)
                let apiID = request.headers[HTTPField.Name("api-id")!] ?? (path == KiwoomAPI.token.path ? KiwoomAPI.token.rawValue : "")
                let reply = await simulator.handle(apiID: apiID, authorization: request.headers[.authorization], body: Data(body.readableBytesView))
                return Response(
                    status: .init(code: reply.status), headers: [.contentType: "application/json;charset=UTF-8"],
                    body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
            }
        }
        LoopbackServing.addControl(router, simulator)
        router.get("/sim/state") { _, _ -> Response in LoopbackServing.text(await simulator.state()) }
        try await LoopbackServing.run(simulator, router: router, host: host, port: port, pace: pace, name: "kiwoom-sim", onRunning: onRunning)
    }
}

extension KiwoomSimulator {
    /// The account as the simulator holds it, as text: cash, holdings, orders.
    public func state() -> String {
        let holdings = exchange.holdings.keys.sorted().map { "\($0)=\(exchange.holdings[$0]!.quantity)" }.joined(separator: ",")
        let orders = exchange.orders.map { "\($0.number) \($0.symbol) \($0.isBuy ? "buy" : "sell") \($0.quantity) filled \($0.filled)" }.joined(separator: "; ")
        return "cash \(exchange.cash / 1_000_000)\nholdings \(holdings)\norders \(orders)\nprints \(printIndex)"
    }
}
