import ArgumentParser
import Foundation
import KumoCore
import KumoData
import KumoKISSim
import KumoKiwoom

/// `kumo kiwoom-sim`: a Kiwoom REST API simulator on loopback, the second broker's rehearsal.
struct KiwoomSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiwoom-sim", abstract: "Run a simulator of Kiwoom's REST API (REST and WebSocket) on loopback.",
        discussion: """
            One port serves Kiwoom's POST transactions by api-id (au10001 token; kt10000/kt10001 orders, kt10002 amend, kt10003 cancel \
            on /api/dostk/ordr; kt00018 balance, kt00001 deposit, kt00007 order detail on /api/dostk/acnt) and its WebSocket on any path \
            (LOGIN, REG, PING; REAL 0B trades, 0D books, 00 order notices). The exchange and the replayed market are the KIS simulator's: \
            the same --seed, --symbols and --days replay the same prints. Control: POST /sim/step?count=N, POST /sim/pace?prints=N, \
            POST /sim/drop, GET /sim/state. Point kumo.toml's [broker] kind = "kiwoom" at it (rest_url, ws_url) and set \
            KIWOOM_APP_KEY and KIWOOM_SECRET_KEY to --app-key and --secret-key.
            """)

    @Option(help: "mock (KRX orders only) or real.") var env = "mock"
    @Option(help: "The address to listen on (loopback by default).") var host = "127.0.0.1"
    @Option(help: "The port (0: any free port, printed at start).") var port = 8440
    @Option(help: "Six-digit codes the synthetic market's symbols trade under, comma-separated.") var symbols = "005930,000660"
    @Option(help: "Trading days of minute bars to replay.") var days = 5
    @Option(help: "The synthetic market's seed.") var seed = 1
    @Option(help: "Prints replayed a second (0: only on POST /sim/step).") var pace = 4.0
    @Option(help: "The account's starting cash in won.") var cash: Int64 = 100_000_000
    @Option(help: "The app key clients must present.") var appKey = "kiwoom-simulator-appkey"
    @Option(help: "The secret key clients must present.") var secretKey = "kiwoom-simulator-secret"
    @Option(help: "The share of each print also traded on Nextrade (0: KRX only; NXT and SOR orders need --env real).") var nextradeShare = 0.0

    func validate() throws {
        guard KiwoomEnvironment(rawValue: env) != nil else { throw ValidationError("--env: '\(env)' is not mock or real") }
        guard (0...65535).contains(port) else { throw ValidationError("--port: \(port) is not a port") }
        guard (1...50_000).contains(days) else { throw ValidationError("--days must be 1…50000, not \(days)") }
        guard pace >= 0, cash > 0 else { throw ValidationError("--pace must be ≥ 0 and --cash positive") }
        guard (0...1).contains(nextradeShare) else { throw ValidationError("--nextrade-share must be in [0, 1], not \(nextradeShare)") }
    }

    func run() throws {
        let codes = symbols.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        guard !codes.isEmpty, codes.count <= 200 else { throw ValidationError("--symbols: name 1 to 200 six-digit codes, comma-separated") }
        for code in codes where !(code.count == 6 && code.allSatisfy(\.isNumber)) { throw ValidationError("--symbols: '\(code)' is not a six-digit KRX code") }
        let environment = KiwoomEnvironment(rawValue: env)!
        let market = SyntheticMarket(seed: UInt64(seed), symbols: codes.count, days: days).minuteBars()
        var settings = KiwoomSimulatorSettings(environment: environment, market: zip(codes, market).map { ($0, $1.bars) })
        settings.cash = cash
        settings.appKey = appKey
        settings.secretKey = secretKey
        settings.nextradeShare = nextradeShare
        let simulator = KiwoomSimulator(settings: settings, seed: UInt64(seed))
        let (host, port, pace) = (host, port, pace)
        let message = serveUntilSignalled {
            try await KiwoomSimulatorServer.run(simulator, host: host, port: port, pace: pace) { bound in
                let line = "kiwoom-sim (\(environment.rawValue)) on http://\(host):\(bound) and ws://\(host):\(bound)/api/dostk/websocket: symbols \(codes.joined(separator: ", ")), \(pace) prints/s\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            }
        }
        if let message { throw ValidationError("kiwoom-sim stopped: \(message)") }
    }
}
