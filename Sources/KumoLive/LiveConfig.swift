public import Foundation
import KumoCore
import KumoPostgres
import TOMLKit

/// `kumo.toml`: what `kumo run` trades and where it keeps its state. Paths are relative to the
/// config file's folder; one starting `$KUMO_HOME/` is under `$KUMO_HOME` (else `./kumo-home`),
/// where the other commands keep the store and the models. The defaults are there.
///
/// ```toml
/// [engine]
/// cash = 10000000
/// journal = "$KUMO_HOME/journal.sqlite"   # or postgres://USER@HOST/DB[?journal=NAME]
/// socket = "$KUMO_HOME/kumo.sock"
/// speed = 60              # replay pace: 60 bar-seconds per second; 0 as fast as possible
/// durable = false         # true: every journal commit waits for the disk
///
/// [feed]
/// kind = "replay"         # replay the store, or "synthetic" (with seed, count, days)
/// symbols = ["SYN0001", "SYN0002"]
/// timeframe = "1d"
/// db = "$KUMO_HOME/kumo.sqlite"          # or postgres://USER@HOST/DB
///
/// [[strategy]]
/// file = "strategies/sma_cross.lua"
/// symbols = ["SYN0001"]   # optional: the events it receives (default: all the feed's)
/// ```
public struct LiveConfig: Sendable {
    public struct Engine: Sendable, Decodable {
        public var cash: Double = 10_000_000
        public var journal: String = "$KUMO_HOME/journal.sqlite"
        public var socket: String = "$KUMO_HOME/kumo.sock"
        public var speed: Double = 0
        public var durable: Bool = false
        public var checkpointEvery: Int = 64
        /// The structured log (JSON lines) and its lowest level.
        public var log: String = "$KUMO_HOME/kumo.log"
        public var logLevel: String = "info"

        enum CodingKeys: String, CodingKey { case cash, journal, socket, speed, durable, checkpointEvery = "checkpoint_every", log, logLevel = "log_level" }

        public init() {}

        /// A number written either way in TOML (`60` or `60.0`).
        static func number(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Double? {
            guard c.contains(key) else { return nil }
            if let integer = try? c.decode(Int.self, forKey: key) { return Double(integer) }
            if let number = try? c.decode(Double.self, forKey: key) { return number }
            throw DecodingError.typeMismatch(Double.self, .init(codingPath: c.codingPath + [key], debugDescription: "not a number"))
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            cash = try Self.number(c, .cash) ?? cash
            journal = try c.decodeIfPresent(String.self, forKey: .journal) ?? journal
            socket = try c.decodeIfPresent(String.self, forKey: .socket) ?? socket
            speed = try Self.number(c, .speed) ?? speed
            durable = try c.decodeIfPresent(Bool.self, forKey: .durable) ?? durable
            checkpointEvery = try c.decodeIfPresent(Int.self, forKey: .checkpointEvery) ?? checkpointEvery
            log = try c.decodeIfPresent(String.self, forKey: .log) ?? log
            logLevel = try c.decodeIfPresent(String.self, forKey: .logLevel) ?? logLevel
        }
    }

    public struct Feed: Sendable, Decodable {
        public var kind: String = "replay"
        public var symbols: [String] = []
        public var timeframe: String = "1d"
        public var db: String = "$KUMO_HOME/kumo.sqlite"
        /// For the synthetic feed: its seed, how many symbols (SYN0001 …) and days.
        public var seed: Int = 1
        public var count: Int = 2
        public var days: Int = 250
        /// Seconds between reads of the store's new filings, news and economic values (0: read once, at start).
        public var altDataRefresh: Double = 30

        enum CodingKeys: String, CodingKey { case kind, symbols, timeframe, db, seed, count, days, altDataRefresh = "alt_data_refresh" }

        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            kind = try c.decodeIfPresent(String.self, forKey: .kind) ?? kind
            symbols = try c.decodeIfPresent([String].self, forKey: .symbols) ?? symbols
            timeframe = try c.decodeIfPresent(String.self, forKey: .timeframe) ?? timeframe
            db = try c.decodeIfPresent(String.self, forKey: .db) ?? db
            seed = try c.decodeIfPresent(Int.self, forKey: .seed) ?? seed
            days = try c.decodeIfPresent(Int.self, forKey: .days) ?? days
            count = try c.decodeIfPresent(Int.self, forKey: .count) ?? count
            if c.contains(.altDataRefresh) {
                if let whole = try? c.decode(Int.self, forKey: .altDataRefresh) { altDataRefresh = Double(whole) } else {
                    altDataRefresh = try c.decode(Double.self, forKey: .altDataRefresh)
                }
            }
        }
    }

    /// `[broker]`: where orders go. `paper` (the default) is the simulated venue; `kis` trades a KIS
    /// account (its app key and secret come from the environment variables named, never from the file).
    public struct Broker: Sendable, Decodable {
        public var kind: String = "paper"
        /// `paper` (모의투자) or `real` (실전; `kumo run` also needs `--live`).
        public var env: String = "paper"
        /// `CANO-ACNT_PRDT_CD`, e.g. `50012345-01`.
        public var account: String = ""
        /// The HTS user id execution notices are subscribed with.
        public var htsID: String = ""
        /// The hosts; empty means KIS's published ones for `env` (a simulator's are named here).
        public var restURL: String = ""
        public var wsURL: String = ""
        /// REST calls a second; 0 means KIS's limit for `env` (18 real, 1 paper).
        public var callsPerSecond: Double = 0
        public var tokenCache: String = "$KUMO_HOME/kis-token.json"
        /// Seconds between reconciliations with the broker's account (also after each reconnection).
        public var reconcileEvery: Double = 60
        public var appKeyEnv: String = "KIS_APP_KEY"
        public var appSecretEnv: String = "KIS_APP_SECRET"
        /// Seconds between token issuances (KIS: 60; a simulator may allow less).
        public var tokenInterval: Double = 60
        /// Seconds a REST call may take before its reply counts as lost.
        public var timeout: Double = 10
        /// Whether Nextrade's books are subscribed beside KRX's, for `route = 'smart'` parents.
        public var nextradeBooks = false

        enum CodingKeys: String, CodingKey {
            case kind, env, account, htsID = "hts_id", restURL = "rest_url", wsURL = "ws_url", callsPerSecond = "calls_per_second"
            case tokenCache = "token_cache", reconcileEvery = "reconcile_every", appKeyEnv = "app_key_env", appSecretEnv = "app_secret_env"
            case tokenInterval = "token_interval", timeout, nextradeBooks = "nextrade_books"
        }

        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            kind = try c.decodeIfPresent(String.self, forKey: .kind) ?? kind
            env = try c.decodeIfPresent(String.self, forKey: .env) ?? env
            account = try c.decodeIfPresent(String.self, forKey: .account) ?? account
            htsID = try c.decodeIfPresent(String.self, forKey: .htsID) ?? htsID
            restURL = try c.decodeIfPresent(String.self, forKey: .restURL) ?? restURL
            wsURL = try c.decodeIfPresent(String.self, forKey: .wsURL) ?? wsURL
            nextradeBooks = try c.decodeIfPresent(Bool.self, forKey: .nextradeBooks) ?? nextradeBooks
            tokenCache = try c.decodeIfPresent(String.self, forKey: .tokenCache) ?? tokenCache
            appKeyEnv = try c.decodeIfPresent(String.self, forKey: .appKeyEnv) ?? appKeyEnv
            appSecretEnv = try c.decodeIfPresent(String.self, forKey: .appSecretEnv) ?? appSecretEnv
            callsPerSecond = try Self.number(c, .callsPerSecond) ?? callsPerSecond
            reconcileEvery = try Self.number(c, .reconcileEvery) ?? reconcileEvery
            tokenInterval = try Self.number(c, .tokenInterval) ?? tokenInterval
            timeout = try Self.number(c, .timeout) ?? timeout
        }

        static func number(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> Double? {
            guard c.contains(key) else { return nil }
            if let integer = try? c.decode(Int.self, forKey: key) { return Double(integer) }
            if let number = try? c.decode(Double.self, forKey: key) { return number }
            throw DecodingError.typeMismatch(Double.self, .init(codingPath: c.codingPath + [key], debugDescription: "not a number"))
        }

        /// Whether orders go to KIS rather than the simulated venue.
        public var isKIS: Bool { kind == "kis" }
        /// Whether orders go to Kiwoom's REST API.
        public var isKiwoom: Bool { kind == "kiwoom" }
    }

    /// `[api]`: the operator's HTTP API (`kumo run --http` and its flags override it).
    public struct API: Sendable, Decodable {
        /// `HOST:PORT`; empty serves no API.
        public var http: String = ""
        /// The token store; empty is `$KUMO_HOME/tokens.sqlite`.
        public var tokens: String = ""
        /// Allow a non-loopback `http` without TLS.
        public var insecureBind: Bool = false
        /// PEM certificate chain and private key: the API is served over HTTPS (and WSS) with them.
        public var tlsCert: String = ""
        public var tlsKey: String = ""

        enum CodingKeys: String, CodingKey { case http, tokens, insecureBind = "insecure_bind", tlsCert = "tls_cert", tlsKey = "tls_key" }

        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            http = try c.decodeIfPresent(String.self, forKey: .http) ?? http
            tokens = try c.decodeIfPresent(String.self, forKey: .tokens) ?? tokens
            insecureBind = try c.decodeIfPresent(Bool.self, forKey: .insecureBind) ?? insecureBind
            tlsCert = try c.decodeIfPresent(String.self, forKey: .tlsCert) ?? tlsCert
            tlsKey = try c.decodeIfPresent(String.self, forKey: .tlsKey) ?? tlsKey
        }
    }

    /// `[models]`: registry models served to the strategies (`ctx:predict`), each at its production
    /// version with its shadow beside it, and watched for drift.
    public struct Models: Sendable, Decodable {
        public var serve: [String] = []
        public var registry: String = "$KUMO_HOME/models"

        enum CodingKeys: String, CodingKey { case serve, registry }

        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            serve = try c.decodeIfPresent([String].self, forKey: .serve) ?? serve
            registry = try c.decodeIfPresent(String.self, forKey: .registry) ?? registry
        }
    }

    public struct Strategy: Sendable, Decodable {
        public var file: String
        /// The symbols whose events it receives; all the feed's when absent.
        public var symbols: [String]?
    }

    struct File: Decodable {
        var engine: Engine?
        var feed: Feed?
        var strategy: [Strategy]?
        var broker: Broker?
        var api: API?
        var alerts: AlertRules?
        var models: Models?
    }

    public var engine: Engine
    public var feed: Feed
    public var strategies: [Strategy]
    public var broker: Broker = Broker()
    public var api: API = API()
    public var alerts: AlertRules = AlertRules()
    public var models: Models = Models()
    /// The folder relative paths are read against.
    public var folder: URL

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    public static func read(_ url: URL) throws(Failure) -> LiveConfig {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch { throw Failure("\(url.path): cannot be read: \(error.localizedDescription)") }
        return try parse(text, file: url.path, folder: url.deletingLastPathComponent())
    }

    public static func parse(_ text: String, file: String, folder: URL) throws(Failure) -> LiveConfig {
        let parsed: File
        do {
            parsed = try TOMLDecoder(strictDecoding: true).decode(File.self, from: text)
        } catch let error as TOMLParseError {
            throw Failure("\(file):\(error.source.begin.line):\(error.source.begin.column): \(error.description)")
        } catch let error as UnexpectedKeysError {
            throw Failure("\(file): unknown key \(error.keys.keys.sorted().joined(separator: ", ")) (engine: cash, journal, socket, speed, durable, checkpoint_every, log, log_level; feed: kind, symbols, timeframe, db, seed, count, days, alt_data_refresh; strategy: file, symbols; broker: kind, env, account, hts_id, rest_url, ws_url, calls_per_second, token_cache, token_interval, timeout, reconcile_every, app_key_env, app_secret_env, nextrade_books; api: http, tokens, insecure_bind, tls_cert, tls_key; models: serve, registry; alerts: max_drawdown, max_daily_loss, max_reject_rate, min_orders, feed_silent, broker_disconnected, model_drift, strategy_quarantined, resend_every, webhook, slack_webhook, telegram_webhook, telegram_chat)")
        } catch let DecodingError.typeMismatch(type, context) {
            let expected = type == Double.self || type == Int.self ? "a number" : type == String.self ? "a string" : type == Bool.self ? "true or false" : "\(type)"
            throw Failure("\(file): \(Self.display(context.codingPath)): expected \(expected)")
        } catch let DecodingError.keyNotFound(key, context) {
            // TOMLKit also reports a value of the wrong type this way, its key already in the path.
            let path = context.codingPath.last?.stringValue == key.stringValue ? context.codingPath : context.codingPath + [key]
            throw Failure("\(file): \(Self.display(path)): is missing or not of its type (see kumo run --help)")
        } catch {
            throw Failure("\(file): \(error)")
        }
        var config = LiveConfig(engine: parsed.engine ?? Engine(), feed: parsed.feed ?? Feed(), strategies: parsed.strategy ?? [], folder: folder)
        config.broker = parsed.broker ?? Broker()
        config.api = parsed.api ?? API()
        config.alerts = parsed.alerts ?? AlertRules()
        config.models = parsed.models ?? Models()
        if config.api.tlsCert.isEmpty != config.api.tlsKey.isEmpty { throw Failure("\(file): api.tls_cert and api.tls_key go together") }
        if let problem = config.alerts.problem() { throw Failure("\(file): \(problem)") }
        try checkBroker(config, file: file)
        guard !config.strategies.isEmpty else { throw Failure("\(file): no [[strategy]] to run") }
        guard config.feed.kind == "replay" || config.feed.kind == "synthetic" else { throw Failure("\(file): feed.kind: '\(config.feed.kind)' is not replay or synthetic") }
        guard !config.feed.symbols.isEmpty || config.feed.kind == "synthetic" else { throw Failure("\(file): feed.symbols: name the symbols to replay") }
        if config.feed.kind == "synthetic" {
            // The synthetic market's own bounds (kumo data synth's): its bar times stay before 2262.
            guard (1...9999).contains(config.feed.count), (1...50_000).contains(config.feed.days) else {
                throw Failure("\(file): feed.count must be 1…9999 and feed.days 1…50000")
            }
            guard config.feed.timeframe == "1d" || config.feed.timeframe == "1m" else { throw Failure("\(file): feed.timeframe: the synthetic feed makes 1d or 1m bars") }
        }
        guard config.feed.altDataRefresh >= 0 else { throw Failure("\(file): feed.alt_data_refresh: seconds ≥ 0 (0 reads the store once)") }
        guard config.engine.speed >= 0, config.engine.cash > 0, config.engine.checkpointEvery > 0 else {
            throw Failure("\(file): engine.speed must be ≥ 0, engine.cash and engine.checkpoint_every positive")
        }
        return config
    }

    /// The `[broker]` section's own rules: a known kind and environment, an account, six-digit symbols to stream.
    static func checkBroker(_ config: LiveConfig, file: String) throws(Failure) {
        let broker = config.broker
        guard ["paper", "kis", "kiwoom"].contains(broker.kind) else { throw Failure("\(file): broker.kind: '\(broker.kind)' is not paper, kis or kiwoom") }
        if broker.isKiwoom {
            guard broker.env == "mock" || broker.env == "real" else { throw Failure("\(file): broker.env: '\(broker.env)' is not mock or real (Kiwoom's servers)") }
        } else {
            guard broker.isKIS else { return }
            guard broker.env == "paper" || broker.env == "real" else { throw Failure("\(file): broker.env: '\(broker.env)' is not paper or real") }
            let parts = broker.account.split(separator: "-")
            guard parts.count == 2, parts[0].count == 8, parts[1].count == 2, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) else {
                throw Failure("\(file): broker.account: '\(broker.account)' is not CANO-ACNT_PRDT_CD (8 and 2 digits, e.g. 50012345-01)")
            }
            guard !broker.htsID.isEmpty else { throw Failure("\(file): broker.hts_id: the HTS user id is needed for execution notices") }
        }
        guard !config.feed.symbols.isEmpty else { throw Failure("\(file): feed.symbols: name the six-digit codes to stream from the broker") }
        guard let frame = Timeframe(parsing: config.feed.timeframe), frame.seconds != nil, frame.unit != .tick, frame.unit != .second else {
            throw Failure("\(file): feed.timeframe: '\(config.feed.timeframe)' is not a bar length to build from the broker's prints (1m, 5m, 1h, 1d)")
        }
        for code in config.feed.symbols where !(code.count == 6 && code.allSatisfy(\.isNumber)) {
            throw Failure("\(file): feed.symbols: '\(code)' is not a six-digit KRX code")
        }
        guard broker.callsPerSecond >= 0, broker.reconcileEvery > 0, broker.tokenInterval >= 0, broker.timeout > 0 else {
            throw Failure("\(file): broker.calls_per_second and broker.token_interval must be ≥ 0, broker.reconcile_every and broker.timeout positive")
        }
    }

    /// A coding path as the file spells it: `strategy[0].file`.
    static func display(_ path: [any CodingKey]) -> String {
        path.reduce("") { text, key in
            if let index = key.intValue { return text + "[\(index)]" }
            return text.isEmpty ? key.stringValue : text + "." + key.stringValue
        }
    }

    /// A store's or journal's location as written in the config: a `postgres://` address as it
    /// is, a file path (`sqlite:PATH` or a path) resolved as ``resolve(_:environment:)`` does.
    public func location(_ text: String) -> String {
        PostgresAddress.isAddress(text) ? text : resolve(StoreLocation.sqlitePath(text)).path
    }

    /// `path` against the config's folder; `$KUMO_HOME/…` (or `${KUMO_HOME}/…`) under `$KUMO_HOME`,
    /// else under `kumo-home` in the current folder, as the other commands read it.
    public func resolve(_ path: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        for prefix in ["$KUMO_HOME", "${KUMO_HOME}"] where path == prefix || path.hasPrefix(prefix + "/") {
            let home = environment["KUMO_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? FileManager.default.currentDirectoryPath + "/kumo-home"
            return URL(fileURLWithPath: home).appendingPathComponent(String(path.dropFirst(prefix.count + 1)))
        }
        return path.hasPrefix("/") ? URL(fileURLWithPath: path) : folder.appendingPathComponent(path)
    }
}
