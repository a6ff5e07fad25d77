import ArgumentParser
import Foundation
import KumoCore
import KumoData
import KumoKIS
import KumoKISSim

/// `kumo kis-sim`: a KIS Open API simulator on loopback, to rehearse a session with no account.
struct KISSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kis-sim", abstract: "Run a simulator of the KIS Open API (REST and WebSocket) on loopback, with faults on demand.",
        discussion: """
            One port serves KIS's REST paths (/oauth2/tokenP, /oauth2/Approval, order-cash, order-rvsecncl, inquire-balance, \
            inquire-daily-ccld, inquire-psbl-order, inquire-psbl-rvsecncl (real only), inquire-price) and its WebSocket on any path \
            (H0STCNT0 trades, H0STASP0 books, H0STCNI0/H0STCNI9 notices encrypted with each subscription's key, PINGPONG). \
            Orders are checked against KRX's tick grid, the day's ±30% limits and the account's cash, and fill against a replay of \
            the synthetic market's minute bars (four prints a bar) under the codes of --symbols.
            Faults (--fault, repeatable; or POST the same text to /sim/fault): KIND[:ROUTE][@N], KIND one of 500, slow, drop, egw00201, \
            expire-token, ws-drop, duplicate-notice, reorder-notice, garbled; ROUTE one of any, order, query, token, ws; N the Nth call from now.
            Control: POST /sim/step?count=N replays N prints, POST /sim/pace?prints=N sets the pace (0 pauses), POST /sim/drop closes every WebSocket, GET /sim/state shows the account.
            Point kumo.toml's [broker] at it (rest_url, ws_url) and set KIS_APP_KEY and KIS_APP_SECRET to --app-key and --app-secret.
            """)

    @Option(help: "paper (VTTC… TR ids, 1 call a second) or real (TTTC…, 18 a second).") var env = "paper"
    @Option(help: "The address to listen on (loopback by default).") var host = "127.0.0.1"
    @Option(help: "The port (0: any free port, printed at start).") var port = 8430
    @Option(help: "Six-digit codes the synthetic market's symbols trade under, comma-separated.") var symbols = "005930,000660"
    @Option(help: "Trading days of minute bars to replay.") var days = 5
    @Option(help: "The synthetic market's seed.") var seed = 1
    @Option(help: "Prints replayed a second (0: only on POST /sim/step).") var pace = 4.0
    @Option(help: "The account's starting cash in won.") var cash: Int64 = 100_000_000
    @Option(help: "REST calls a second before EGW00201 (default: the environment's).") var callsPerSecond: Double?
    @Option(help: "Seconds between token issuances (KIS: 60).") var tokenInterval = 60.0
    @Option(help: "Seconds between PINGPONG frames (KIS: about 100).") var pingInterval = 100.0
    @Option(help: "The app key clients must present.") var appKey = "PSsimulatorappkey0000000000000000000"
    @Option(help: "The app secret clients must present.") var appSecret = "simulator-secret"
    @Option(help: "The account, CANO-ACNT_PRDT_CD.") var account = "50012345-01"
    @Option(help: "The HTS id execution notices are subscribed with.") var htsID = "kumosim"
    @Option(help: "A fault to inject (see above); repeatable.") var fault: [String] = []
    @Option(help: "A fault script: one fault a line, # comments.") var faultFile: String?
    @Flag(help: "Send trades in the 46-field layout of before 2026-09-14.") var legacyTradeLayout = false
    @Option(help: "The share of each print also traded on Nextrade, with its own book (0: KRX only; NXT and SOR orders need --env real).") var nextradeShare = 0.0

    func validate() throws {
        guard KISEnvironment(rawValue: env) != nil else { throw ValidationError("--env: '\(env)' is not paper or real") }
        guard (0...65535).contains(port) else { throw ValidationError("--port: \(port) is not a port") }
        guard (1...50_000).contains(days) else { throw ValidationError("--days must be 1…50000, not \(days)") }
        guard pace >= 0, tokenInterval >= 0, pingInterval > 0, cash > 0 else { throw ValidationError("--pace and --token-interval must be ≥ 0; --ping-interval and --cash positive") }
        guard (0...1).contains(nextradeShare) else { throw ValidationError("--nextrade-share must be in [0, 1], not \(nextradeShare)") }
        if let callsPerSecond, callsPerSecond <= 0 { throw ValidationError("--calls-per-second must be positive, not \(callsPerSecond)") }
    }

    func run() throws {
        let codes = symbols.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        guard !codes.isEmpty, codes.count <= 200 else { throw ValidationError("--symbols: name 1 to 200 six-digit codes, comma-separated") }
        for code in codes where !(code.count == 6 && code.allSatisfy(\.isNumber)) { throw ValidationError("--symbols: '\(code)' is not a six-digit KRX code") }
        let parts = account.split(separator: "-").map(String.init)
        guard parts.count == 2 else { throw ValidationError("--account: '\(account)' is not CANO-ACNT_PRDT_CD (e.g. 50012345-01)") }
        let environment = KISEnvironment(rawValue: env)!
        let market = SyntheticMarket(seed: UInt64(seed), symbols: codes.count, days: days).minuteBars()
        var settings = KISSimulatorSettings(environment: environment, market: zip(codes, market).map { ($0, $1.bars) })
        do { settings.account = try KISAccount(number: parts[0], product: parts[1]) } catch { throw ValidationError("--account: \(error.description)") }
        settings.cash = cash
        settings.callsPerSecond = callsPerSecond ?? environment.callsPerSecond
        settings.tokenInterval = tokenInterval
        settings.pingInterval = pingInterval
        settings.appKey = appKey
        settings.appSecret = appSecret
        settings.htsID = htsID
        settings.legacyTradeLayout = legacyTradeLayout
        settings.nextradeShare = nextradeShare
        let simulator = KISSimulator(settings: settings, seed: UInt64(seed))
        var specs = fault.map { ("--fault", $0) }
        if let faultFile {
            guard let text = try? String(contentsOfFile: faultFile, encoding: .utf8) else { throw ValidationError("--fault-file: \(faultFile) cannot be read") }
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let spec = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                if !spec.isEmpty { specs.append(("\(faultFile):\(number + 1)", spec)) }
            }
        }
        var plan = KISFaultPlan()
        for (origin, spec) in specs {
            do throws(KISSimulatorError) { try plan.add(spec) } catch { throw ValidationError("\(origin): \(error.description)") }
        }
        let (host, port, pace, accountText) = (host, port, pace, settings.account.description)
        let faults = specs.map(\.1)
        let message = serveUntilSignalled {
            for spec in faults { try? await simulator.addFault(spec) }  // each was checked above
            try await KISSimulatorServer.run(simulator, host: host, port: port, pace: pace) { bound in
                let line = "kis-sim (\(environment.rawValue)) on http://\(host):\(bound) and ws://\(host):\(bound)/tryitout: account \(accountText), symbols \(codes.joined(separator: ", ")), \(pace) prints/s\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            }
        }
        if let message { throw ValidationError("kis-sim stopped: \(message)") }
    }
}

/// Runs a simulator's server until SIGINT or SIGTERM cancels it; the error that ended it otherwise.
func serveUntilSignalled(_ serve: @escaping @Sendable () async throws -> Void) -> String? {
    let finished = DispatchSemaphore(value: 0)
    let failure = FailureBox()
    let server = Task {
        do { try await serve() } catch is CancellationError {} catch { failure.set("\(error)") }
        finished.signal()
    }
    var sources: [any DispatchSourceSignal] = []
    for number in [SIGINT, SIGTERM] {
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler { server.cancel() }
        source.resume()
        sources.append(source)
    }
    finished.wait()
    _ = sources
    return failure.message
}

/// The server task's error, read after it signalled.
final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var text: String?
    func set(_ message: String) { lock.withLock { text = message } }
    var message: String? { lock.withLock { text } }
}
