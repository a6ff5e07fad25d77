import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore

/// What a simulator's loopback server needs of it: WebSocket sessions, pings, and a market it
/// replays at a pace.
public protocol LoopbackSimulator: Actor {
    func openSession() -> (id: Int, frames: AsyncStream<SimulatorFrame>)
    func receive(_ text: String, from id: Int)
    func closeSession(_ id: Int)
    func dropSessions()
    func ping()
    @discardableResult func step(_ count: Int) -> Int
    func setPace(_ value: Double)
    var pace: Double { get }
    var hasMorePrints: Bool { get }
    nonisolated var pingInterval: Double { get }
}

/// The part of the KIS and Kiwoom loopback servers they share: the control routes, the WebSocket
/// upgrade on any path, the ping loop and the paced replay.
enum LoopbackServing {
    /// Adds `POST /sim/step?count=N`, `POST /sim/pace?prints=N` (0 pauses) and `POST /sim/drop` to `router`.
    static func addControl(_ router: Router<BasicRequestContext>, _ simulator: some LoopbackSimulator) {
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
    }

    /// Serves `router` and the WebSocket until cancelled; `onRunning` receives the bound port.
    static func run(
        _ simulator: some LoopbackSimulator, router: Router<BasicRequestContext>, host: String, port: Int, pace: Double, name: String,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) async throws {
        var logger = Logger(label: "kumo.\(name)")
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
            configuration: .init(address: .hostname(host, port: port), serverName: name),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(simulator.pingInterval))
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
                    await simulator.step(1)
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

extension KISSimulator: LoopbackSimulator {
    nonisolated public var pingInterval: Double { settings.pingInterval }
}

extension KiwoomSimulator: LoopbackSimulator {
    nonisolated public var pingInterval: Double { settings.pingInterval }
}
