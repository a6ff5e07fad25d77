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
        router.post("/sim/step") { request, _ -> Response in
            text("\(await simulator.step(request.uri.queryParameters.get("count", as: Int.self) ?? 1))")
        }
        router.post("/sim/pace") { request, _ -> Response in
            let value = request.uri.queryParameters.get("prints", as: Double.self) ?? 0
            await simulator.setPace(value)
            return text("pace \(value) prints/s")
        }
        router.post("/sim/drop") { _, _ -> Response in
            await simulator.dropSessions()
            return text("dropped")
        }
        router.get("/sim/state") { _, _ -> Response in text(await simulator.state()) }
        var logger = Logger(label: "kumo.kiwoom-sim")
        logger.logLevel = .critical  // cancelling the server logs every open connection as an error
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade { _, _, _ in
                .upgrade([:]) { inbound, outbound, _ in
                    let (id, frames) = await simulator.openSession()
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await frame in frames {
                                guard case .text(let text) = frame else { return }
                                try await outbound.write(.text(text))
                            }
                        }
                        group.addTask {
                            for try await message in inbound.messages(maxSize: 1 << 20) {
                                if case .text(let text) = message { await simulator.receive(text, from: id) }
                            }
                        }
                        _ = try await group.next()
                        group.cancelAll()
                    }
                    await simulator.closeSession(id)
                }
            },
            configuration: .init(address: .hostname(host, port: port), serverName: "kiwoom-sim"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(simulator.settings.pingInterval))
                    await simulator.ping()
                }
            }
            await simulator.setPace(pace)
            group.addTask {
                while !Task.isCancelled, await simulator.hasMorePrints {
                    let current = await simulator.pace
                    guard current > 0 else {
                        try await Task.sleep(for: .milliseconds(50))
                        continue
                    }
                    try await Task.sleep(for: .seconds(1 / current))
                    await simulator.step()
                }
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }

    static func text(_ message: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: message + "\n")))
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
