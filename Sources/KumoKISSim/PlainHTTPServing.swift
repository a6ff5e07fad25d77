import Hummingbird
import Logging

/// Serves a router of plain HTTP routes on loopback until cancelled, quietly (the fakes of
/// OpenDART, ECOS and the news feeds); `onRunning` receives the bound port.
enum PlainHTTPServing {
    static func run(_ router: Router<BasicRequestContext>, name: String, host: String, port: Int, onRunning: @escaping @Sendable (Int) async -> Void) async throws {
        var logger = Logger(label: "kumo.\(name)")
        logger.logLevel = .critical
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: name),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger)
        try await app.run()
    }
}
