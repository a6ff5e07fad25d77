import Foundation
import KumoTestSupport
import KumoBrokers
import KumoCore
import KumoData
import KumoKIS
import KumoKISSim

/// A KIS simulator on a loopback port for one test, and clients pointed at it.
final class SimulatorHarness: Sendable {
    let simulator: KISSimulator
    let port: Int
    let task: Task<Void, any Error>
    let folder: URL

    static let account = try! KISAccount(number: "50012345", product: "01")

    /// Starts a simulator of two symbols' minute bars from the synthetic market.
    static func start(environment: KISEnvironment = .paper, callsPerSecond: Double? = nil, configure: (inout KISSimulatorSettings) -> Void = { _ in }) async throws -> SimulatorHarness {
        let bars = SyntheticMarket(seed: 3, symbols: 2, days: 2).minuteBars()
        var settings = KISSimulatorSettings(environment: environment, market: zip(["005930", "000660"], bars).map { ($0, $1.bars) })
        settings.tokenInterval = 1
        settings.dropSeconds = 3
        settings.slowSeconds = 0.3
        if let callsPerSecond { settings.callsPerSecond = callsPerSecond }
        configure(&settings)
        let simulator = KISSimulator(settings: settings)
        let ready = PortBox()
        let task = Task { try await KISSimulatorServer.run(simulator, port: 0) { await ready.set($0) } }
        let port = try await ready.wait()
        await simulator.step(8)  // every symbol has a price and a day
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-kis-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return SimulatorHarness(simulator: simulator, port: port, task: task, folder: folder)
    }

    init(simulator: KISSimulator, port: Int, task: Task<Void, any Error>, folder: URL) {
        self.simulator = simulator
        self.port = port
        self.task = task
        self.folder = folder
    }

    var restURL: String { "http://127.0.0.1:\(port)" }
    var webSocketURL: String { "ws://127.0.0.1:\(port)/tryitout" }

    func settings(callsPerSecond: Double? = nil, timeout: Double = 2) -> KISClientSettings {
        let simulated = simulator.settings
        var settings = KISClientSettings(
            environment: simulated.environment, account: Self.account, restURL: restURL, callsPerSecond: callsPerSecond ?? simulated.callsPerSecond,
            tokenCache: folder.appendingPathComponent("token.json").path)
        settings.tokenInterval = simulated.tokenInterval
        settings.timeout = timeout
        return settings
    }

    func client(callsPerSecond: Double? = nil, timeout: Double = 2) async -> KISRestClient {
        KISRestClient(
            settings: settings(callsPerSecond: callsPerSecond, timeout: timeout),
            credentials: KISCredentials(appKey: simulator.settings.appKey, appSecret: simulator.settings.appSecret))
    }

    func stop() {
        task.cancel()
        try? FileManager.default.removeItem(at: folder)
    }
}

actor PortBox {
    var port: Int?
    var waiters: [CheckedContinuation<Int, Never>] = []

    func set(_ port: Int) {
        self.port = port
        for waiter in waiters { waiter.resume(returning: port) }
        waiters = []
    }

    func wait() async throws -> Int {
        if let port { return port }
        return await withCheckedContinuation { waiters.append($0) }
    }
}

/// A value a blocking closure and the test share; the test reads it after the closure returned.
final class Box<T>: @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}
