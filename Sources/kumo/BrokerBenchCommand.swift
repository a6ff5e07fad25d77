import ArgumentParser
import Foundation
import KumoBrokers
import KumoCore
import KumoKIS

/// `kumo bench broker [--json]`: tick on the KIS WebSocket → order on the REST socket, against
/// `kumo kis-sim` on loopback, and the order rate the limiter sustains.
struct BrokerBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker", abstract: "Tick received on the KIS WebSocket → order sent (p50/p99 µs), and orders/s under the rate limiter, against kumo kis-sim.")

    @Flag(help: "Print JSON.") var json = false
    @Option(help: "Orders to time, one print each.") var orders = 2000
    @Option(help: "Orders timed under the rate limit.") var limited = 54
    @Option(help: "The rate limit (calls a second; KIS real: 18).") var limit = 18.0

    func run() throws {
        guard orders >= 100, limited >= 1, limit > 0 else { throw ValidationError("--orders must be ≥ 100, --limited ≥ 1 and --limit positive") }
        let (simulator, port) = try Self.startSimulator()
        defer { simulator.terminate() }
        let account = try KISAccount(number: "50012345", product: "01")
        let credentials = KISCredentials(appKey: "PSsimulatorappkey0000000000000000000", appSecret: "simulator-secret")
        var client = KISClientSettings(environment: .paper, account: account, restURL: "http://127.0.0.1:\(port)", callsPerSecond: 100_000)
        client.tokenInterval = 0
        let probe = KISLatencyProbe()
        var settings = KISBrokerSettings(client: client, htsID: "kumosim", webSocketURL: "ws://127.0.0.1:\(port)/tryitout")
        settings.probe = probe
        let broker = KISBroker(settings: settings, credentials: credentials)
        let symbol = Symbol("005930")!
        try broker.connect(symbols: [symbol])
        let stream = broker.feed
        let feed = Task { try await stream.run() }
        defer { feed.cancel() }
        let step = CurlTransport(timeout: 5)
        let stepURL = "http://127.0.0.1:\(port)/sim/step?count=1"
        // The first print settles the day; give the feed its subscriptions.
        Thread.sleep(forTimeInterval: 0.5)
        _ = try step.send(method: "POST", url: stepURL, headers: [], body: Data())
        Thread.sleep(forTimeInterval: 0.2)
        _ = broker.drain()
        let benchmark = BrokerBenchmark(broker: broker, probe: probe, symbol: symbol) {
            // Each step has its own transport: it runs on a thread of its own.
            do { _ = try CurlTransport(timeout: 5).send(method: "POST", url: stepURL, headers: [], body: Data()) } catch { throw ValidationError("kis-sim: \(error)") }
        }
        var figures = Dictionary(uniqueKeysWithValues: try benchmark.tickToOrder(orders: orders))
        var slow = client
        slow.callsPerSecond = limit
        for (name, value) in try BrokerBenchmark.sustainedOrders(settings: slow, credentials: credentials, symbol: symbol, count: limited) { figures[name] = value }
        try printFigures(figures, json: json)
    }

    /// `kumo kis-sim` from this same binary, on a free port, allowing far more calls than the limit measured.
    static func startSimulator() throws -> (Process, Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        process.arguments = [
            "kis-sim", "--port", "0", "--pace", "0", "--days", "5", "--calls-per-second", "100000", "--token-interval", "0", "--cash", "1000000000000",
            "--symbols", "005930",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var line = Data()
        let deadline = Date().addingTimeInterval(20)
        while !line.contains(UInt8(ascii: "\n")), Date() < deadline, process.isRunning { line.append(pipe.fileHandleForReading.availableData) }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: "http://127.0.0.1:"), let port = Int(text[range.upperBound...].prefix { $0.isNumber }) else {
            process.terminate()
            throw ValidationError("kis-sim did not start: \(text)")
        }
        return (process, port)
    }
}
