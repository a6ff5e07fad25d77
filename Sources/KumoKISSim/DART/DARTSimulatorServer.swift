import Foundation
public import Hummingbird
import NIOCore

/// Serves a ``DARTSimulator`` over HTTP on loopback: `GET /api/list.json`, `/api/company.json`
/// (and any other endpoint, answered 101), plus `POST /sim/reset-quota` for a new day.
public enum DARTSimulatorServer {
    /// Runs until cancelled; `onRunning` receives the bound port (ask for port 0 to get a free one).
    public static func run(_ simulator: DARTSimulator, host: String = "127.0.0.1", port: Int, onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        let router = Router()
        router.get("/api/:endpoint") { request, context -> Response in
            let endpoint = context.parameters.get("endpoint") ?? ""
            var query: [String: String] = [:]
            for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
            let (body, stall) = await simulator.answer(endpoint, query)
            if stall > 0 { try await Task.sleep(for: .seconds(stall)) }
            let type = body.starts(with: [0x50, 0x4B]) ? "application/zip" : endpoint.hasSuffix(".xml") ? "application/xml; charset=utf-8" : "application/json; charset=utf-8"
            return Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        }
        router.post("/sim/reset-quota") { _, _ -> Response in
            await simulator.resetQuota()
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "quota reset\n")))
        }
        try await PlainHTTPServing.run(router, name: "dart-sim", host: host, port: port, onRunning: onRunning)
    }
}
