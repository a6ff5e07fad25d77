import ArgumentParser
import Foundation
import KumoBrokers
import KumoEngine
import KumoKIS
import KumoKiwoom
import KumoLive
import KumoPostgres
import KumoLua
import KumoModels
import KumoScripting
import KumoServer
import CoreMetrics
import Logging
import NIOSSL

/// `kumo run [--paper] [--config kumo.toml]`: the engine as a long-running process.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the engine live: on the simulated venue or a KIS account, strategies hot-reloaded, every order journaled.",
        discussion: """
            Stops cleanly on SIGINT or SIGTERM. After a crash, run it again: the journal rebuilds positions, cash and open orders, and \
            trading goes on from the first event the journal had not seen.
            kumo.toml (paths relative to it): [engine] cash, journal, socket, log, log_level, speed, durable, checkpoint_every; \
            [feed] kind (replay | synthetic), symbols, timeframe, db, seed, count, days; [[strategy]] file, symbols. See strategies/kumo.toml.
            [api] http (HOST:PORT), tokens, insecure_bind, tls_cert, tls_key serve the operator's HTTP API and dashboard (as --http). \
            [models] serve (registry model names), registry. [alerts] max_drawdown, max_daily_loss, max_reject_rate, min_orders, feed_silent, \
            broker_disconnected, model_drift, strategy_quarantined, resend_every, webhook, slack_webhook, telegram_webhook, telegram_chat. \
            [broker] kind = "kis" trades a KIS account instead: env (paper | real), account (CANO-ACNT_PRDT_CD), hts_id, rest_url, ws_url \
            (empty: KIS's hosts), calls_per_second, token_cache, token_interval, timeout, reconcile_every, app_key_env and app_secret_env (the \
            environment variables holding the app key and secret; KIS_APP_KEY and KIS_APP_SECRET by default). The feed is then KIS's \
            stream of feed.symbols, built into bars of feed.timeframe. A real account needs --live. See strategies/kumo-kis.toml.
            """)

    @Option(help: "The config file.") var config = "kumo.toml"
    @Flag(help: "Refuse to start unless the config trades on paper (the simulated venue, or a KIS 모의투자 account).") var paper = false
    @Flag(help: "Allow a real KIS account (broker.env = \"real\"): real orders, real money.") var live = false
    @Option(help: "Override engine.speed: feed seconds per wall second (0: as fast as possible).") var speed: Double?
    @Flag(help: "Exit when the feed ends instead of waiting for a signal.") var exitAtEnd = false
    @Flag(help: "Do not watch strategy files for hot reloads.") var noReload = false
    @Option(help: "Serve the operator's HTTP API here, such as 127.0.0.1:8420 (tokens: kumo token create).") var http: String?
    @Option(help: "The API's token store (default: $KUMO_HOME/tokens.sqlite, else ./kumo-home/tokens.sqlite).") var tokens: String?
    @Flag(help: "Let --http listen beyond loopback without TLS (behind a TLS proxy).") var insecureBind = false
    @Option(help: "Serve the API over HTTPS with this PEM certificate chain (with --tls-key; also api.tls_cert).") var tlsCert: String?
    @Option(help: "The PEM private key of --tls-cert (also api.tls_key).") var tlsKey: String?

    /// `host:port` of --http (else the config's `api.http`), refused beyond loopback unless
    /// served over TLS or --insecure-bind (or `api.insecure_bind`).
    func httpAddress(_ settings: LiveConfig, tls: Bool) throws -> (host: String, port: Int)? {
        guard let http = http ?? (settings.api.http.isEmpty ? nil : settings.api.http) else { return nil }
        let insecureBind = insecureBind || settings.api.insecureBind || tls
        guard let colon = http.lastIndex(of: ":"), let port = Int(http[http.index(after: colon)...]), (0...65_535).contains(port) else {
            throw ValidationError("--http '\(http)' must be HOST:PORT, such as 127.0.0.1:8420")
        }
        let host = String(http[..<colon])
        guard ["127.0.0.1", "localhost", "::1"].contains(host) || insecureBind else {
            throw ValidationError("--http \(host) listens beyond loopback: give it TLS (--tls-cert and --tls-key, or api.tls_cert and api.tls_key), add --insecure-bind (behind a TLS proxy) or use 127.0.0.1")
        }
        return (host, port)
    }

    func run() throws {
        var settings: LiveConfig
        do { settings = try LiveConfig.read(URL(fileURLWithPath: config)) } catch { throw ValidationError(error.description) }
        let certificate = tlsCert ?? (settings.api.tlsCert.isEmpty ? nil : settings.resolve(settings.api.tlsCert).path)
        let key = tlsKey ?? (settings.api.tlsKey.isEmpty ? nil : settings.resolve(settings.api.tlsKey).path)
        guard (certificate == nil) == (key == nil) else { throw ValidationError("--tls-cert and --tls-key go together") }
        let tls = try certificate.map { certificate in
            do { return try APIServer.tls(certificate: certificate, key: key!) } catch { throw ValidationError("TLS certificate \(certificate) or key \(key!) cannot be used: \(error)") }
        }
        let address = try httpAddress(settings, tls: tls != nil)
        let storePath = tokens ?? (settings.api.tokens.isEmpty ? nil : settings.resolve(settings.api.tokens).path)
        let tokenStore = try address.map { _ in try TokenCommand.StoreOption.open(path: storePath) }
        if let speed {
            guard speed >= 0 else { throw ValidationError("--speed must be ≥ 0") }
            settings.engine.speed = speed
        }
        guard let level = Logger.Level(rawValue: settings.engine.logLevel) else {
            throw ValidationError("\(config): engine.log_level: '\(settings.engine.logLevel)' is not trace, debug, info, notice, warning, error or critical")
        }
        // A start that fails leaves no empty journal or log behind (a missing store is refused, never made).
        let created = CreatedFiles(watching: [settings.engine.log, settings.engine.journal].filter { !PostgresAddress.isAddress($0) }.map { settings.resolve($0).path })
        do {
            try created.makeFolders()
            try run(settings, level: level, api: address.map { ($0.host, $0.port, tokenStore!, tls) })
        } catch {
            created.remove()
            throw error
        }
    }

    private func run(_ settings: LiveConfig, level: Logger.Level, api: (host: String, port: Int, tokens: TokenStore, tls: TLSConfiguration?)?) throws {
        let logFile = JSONLinesLogHandler.LogFile(path: settings.resolve(settings.engine.log).path)
        LoggingSystem.bootstrap { label in
            let handler = JSONLinesLogHandler(label: label, file: logFile)
            handler.logLevel = level
            return handler
        }
        let stop = StopSignal()
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.stop(number == SIGINT ? "SIGINT" : "SIGTERM") }
            source.resume()
            sources.append(source)
        }
        let operatorMetrics = api.map { _ in OperatorMetrics() }
        let broker = try makeBroker(settings, metrics: operatorMetrics?.factory)
        let roots = try ProjectRoots.locate()
        let watch = !noReload
        let exitAtEnd = exitAtEnd
        nonisolated(unsafe) var feed: Task<Void, any Error>?
        let summary = try LuaThread.run { () throws -> LiveEngine.Summary in
            let engine: LiveEngine
            do { engine = try LiveEngine(config: settings, roots: roots, broker: broker) } catch { throw ValidationError("\(error)") }
            for line in engine.log { FileHandle.standardError.write(Data("\(line)\n".utf8)) }
            if broker != nil {
                let report: ReconciliationReport
                do { report = try engine.connectBroker() } catch { throw ValidationError("the broker refused the start: \(error)") }
                let who = settings.broker.isKiwoom ? "kiwoom \(settings.broker.env)" : "\(settings.broker.env) account \(settings.broker.account)"
                FileHandle.standardOutput.write(Data("broker \(who): \(report.isClean ? "the journal agrees with the broker" : report.lines.joined(separator: "; "))\n".utf8))
                // Made once connected: the feed subscribes the symbols the connection was given.
                if let runFeed = makeFeed(broker) { feed = Task { try await runFeed() } }
            }
            if engine.recoveredRecords > 0 {
                // Unbuffered: an operator (or a test) sees it even if the process dies right after.
                FileHandle.standardOutput.write(Data("recovered \(engine.recoveredRecords) journal records through event \(engine.recoveredThrough): \(engine.kernel.fills.count) fills, \(engine.kernel.openOrders().count) open orders\n".utf8))
            }
            if watch { try engine.watchForReloads() }
            let server: ConsoleServer
            do { server = try ConsoleServer(path: settings.resolve(settings.engine.socket).path, engine: engine) } catch { throw ValidationError("\(error)") }
            engine.betweenEvents.append { server.drain() }
            defer { server.stop() }
            FileHandle.standardOutput.write(Data("console on \(server.path) (kumo repl)\n".utf8))
            var service: Task<Void, any Error>?
            let hub = StreamHub()
            let alertLog = AlertLog()
            // Alerts are opt-in: an [alerts] section, or an API whose stream carries them.
            if settings.alerts != AlertRules() || api != nil {
                let alerts = AlertDispatcher(rules: settings.alerts, hub: hub, log: alertLog)
                engine.betweenEvents.append { [unowned engine] in alerts.check(engine) }
            }
            var gate: EngineGate?
            if let api {
                var server = APIServer.attached(to: engine, host: api.host, port: api.port, tokens: api.tokens, hub: hub, alerts: alertLog, metrics: operatorMetrics!)
                gate = server.gate
                server.backtests = BacktestJobs(config: settings, roots: roots)
                server.registry = ModelRegistry(root: settings.resolve(settings.models.registry))
                server.tls = api.tls
                let scheme = api.tls == nil ? "http" : "https"
                service = Task.detached {
                    try await server.run { port in FileHandle.standardOutput.write(Data("api on \(scheme)://\(api.host):\(port) (dashboard at /)\n".utf8)) }
                }
            }
            defer {
                gate?.close()  // requests still waiting get 503, not a hang
                service?.cancel()
            }
            return engine.run(stop: stop, exitAtEnd: exitAtEnd)
        }
        feed?.cancel()
        broker?.disconnect()
        _ = sources
        print("stopped by \(summary.stoppedBy ?? "the end of the feed"): \(summary.events) events (\(summary.replayed) replayed), \(summary.fills) fills, \(summary.openOrders) open orders, cash \(summary.cash), equity \(String(format: "%.0f", summary.equity))")
        for record in summary.reloads { print("reload \(record.file) v\(record.version): \(record.outcome)") }
    }

    /// The KIS account of `[broker]`, or nil for the simulated venue. A real account needs `--live`
    /// and is named before anything starts; `--paper` refuses one.
    /// The real-time feed of the broker, to run on a task of its own.
    func makeFeed(_ broker: (any BrokerConnection)?) -> (@Sendable () async throws -> Void)? {
        if let kis = broker as? KISBroker {
            let stream = kis.feed
            return { try await stream.run() }
        }
        if let kiwoom = broker as? KiwoomBroker { return { await kiwoom.runFeed() } }
        return nil
    }

    func makeBroker(_ settings: LiveConfig, metrics: (any MetricsFactory)?) throws -> (any BrokerConnection)? {
        let section = settings.broker
        if section.isKiwoom { return try makeKiwoom(section) }
        guard section.isKIS else { return nil }
        let environment = KISEnvironment(rawValue: section.env)!  // checked when the config was read
        if environment == .real {
            guard !paper else { throw ValidationError("--paper: \(config) trades the REAL KIS account \(section.account); remove --paper and add --live to trade it") }
            guard live else { throw ValidationError("\(config) trades the REAL KIS account \(section.account) with real money; run again with --live to trade it") }
            print("trading the REAL KIS account \(section.account) (real orders, real money)")
        }
        let credentials: KISCredentials
        do { credentials = try KISCredentials.fromEnvironment(key: section.appKeyEnv, secret: section.appSecretEnv) } catch { throw ValidationError(error.description) }
        let parts = section.account.split(separator: "-").map(String.init)
        let account: KISAccount
        do { account = try KISAccount(number: parts[0], product: parts[1]) } catch { throw ValidationError("broker.account: \(error.description)") }
        var client = KISClientSettings(
            environment: environment, account: account, restURL: section.restURL.isEmpty ? nil : section.restURL,
            callsPerSecond: section.callsPerSecond > 0 ? section.callsPerSecond : nil, tokenCache: settings.resolve(section.tokenCache).path)
        client.tokenInterval = section.tokenInterval
        client.timeout = section.timeout
        client.metrics = metrics
        var broker = KISBrokerSettings(client: client, htsID: section.htsID, webSocketURL: section.wsURL.isEmpty ? nil : section.wsURL)
        broker.nextradeBooks = section.nextradeBooks
        return KISBroker(settings: broker, credentials: credentials)
    }
}

extension RunCommand {
    /// The Kiwoom account of `[broker] kind = "kiwoom"`: keys from the environment (KIWOOM_APP_KEY
    /// and KIWOOM_SECRET_KEY unless `app_key_env`/`app_secret_env` say otherwise). A real account needs `--live`.
    func makeKiwoom(_ section: LiveConfig.Broker) throws -> KiwoomBroker {
        let environment = KiwoomEnvironment(rawValue: section.env)!  // checked when the config was read
        if environment == .real {
            guard !paper else { throw ValidationError("--paper: \(config) trades a REAL Kiwoom account; remove --paper and add --live to trade it") }
            guard live else { throw ValidationError("\(config) trades a REAL Kiwoom account with real money; run again with --live to trade it") }
            print("trading the REAL Kiwoom account (real orders, real money)")
        }
        let keyName = section.appKeyEnv == "KIS_APP_KEY" ? "KIWOOM_APP_KEY" : section.appKeyEnv
        let secretName = section.appSecretEnv == "KIS_APP_SECRET" ? "KIWOOM_SECRET_KEY" : section.appSecretEnv
        let environmentValues = ProcessInfo.processInfo.environment
        guard let key = environmentValues[keyName], !key.isEmpty, let secret = environmentValues[secretName], !secret.isEmpty else {
            throw ValidationError("broker: set \(keyName) and \(secretName) to the Kiwoom app key and secret key")
        }
        var settings = KiwoomSettings(
            environment: environment, appKey: key, secretKey: secret, restURL: section.restURL.isEmpty ? nil : section.restURL,
            webSocketURL: section.wsURL.isEmpty ? nil : section.wsURL)
        if section.callsPerSecond > 0 { settings.callsPerSecond = section.callsPerSecond }
        settings.timeout = section.timeout
        return KiwoomBroker(settings: settings)
    }
}
