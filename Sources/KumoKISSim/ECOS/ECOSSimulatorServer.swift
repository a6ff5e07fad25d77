import Foundation
public import Hummingbird
import NIOCore

/// Serves an ``ECOSSimulator`` over HTTP on loopback: `GET /api/StatisticSearch/…` (any other
/// path under `/api/` is ERROR-100), plus `POST /sim/reset-quota` for a new day.
public enum ECOSSimulatorServer {
    /// Runs until cancelled; `onRunning` receives the bound port (ask for port 0 to get a free one).
    public static func run(_ simulator: ECOSSimulator, host: String = "127.0.0.1", port: Int, onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        let router = Router()
        router.get("/api/**") { request, _ -> Response in
            let path = String(request.uri.path.dropFirst("/api/".count)).removingPercentEncoding ?? ""
            let (body, stall) = await simulator.answer(path)
            if stall > 0 { try await Task.sleep(for: .seconds(stall)) }
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        router.post("/sim/reset-quota") { _, _ -> Response in
            await simulator.resetQuota()
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "quota reset\n")))
        }
        try await PlainHTTPServing.run(router, name: "ecos-sim", host: host, port: port, onRunning: onRunning)
    }
}
