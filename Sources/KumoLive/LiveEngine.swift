import CoreMetrics
public import Foundation
public import KumoCore
import KumoData
public import KumoEngine
import KumoLua
public import KumoModels
import Logging
public import KumoScripting
import KumoSentiment

/// `kumo run`: the engine as a long-running process. Events come from the feed paced by the
/// config's speed; every order change and fill is journaled before it takes effect; after a crash
/// the journal rebuilds the account and open orders, the feed is replayed to rebuild the
/// strategies' own state without matching or placing anything again, and trading goes on from
/// the first event the journal had not seen. Saved strategy files are hot-reloaded between events.
public final class LiveEngine {
    public let config: LiveConfig
    public let kernel: Kernel
    let journal: EngineJournal
    /// The strategies' hot reloads; its history lists every attempt.
    public let reloader: StrategyReloader
    let strategies: [SlotStrategy]
    let series: [(symbol: Symbol, bars: [Bar])]
    /// The last event the journal had seen at start (events up to it are replayed, not traded).
    public let recoveredThrough: Int
    public let recoveredRecords: Int
    /// Runs between events on the engine thread (the REPL's requests).
    public var betweenEvents: [() -> Void] = []
    /// When the engine last handled a market event (wall clock), for the feed-silence alert.
    public internal(set) var lastEventAt = Date()
    /// Signalled when work for ``betweenEvents`` arrives, so a paced or idle engine serves it at
    /// once instead of at its next event.
    public let wakeup = DispatchSemaphore(value: 0)
    public internal(set) var log: [String] = []
    let engineLogger = Logger(label: "kumo.engine")
    /// Each applied reload: the events handled before it took over, and the slot's new version.
    public private(set) var appliedReloads: [(event: Int, strategy: String, version: Int)] = []
    /// The outside broker orders go to and the feed comes from; nil trades on the simulated venue.
    public let broker: (any BrokerConnection)?
    /// Every reconciliation with the broker, oldest first (the console's `reconcile()` shows the last).
    public internal(set) var reconciliations: [ReconciliationReport] = []
    /// What the last reconciliation saw and left for the next to confirm.
    var unconfirmed = ReconciliationDifferences()
    /// How many of the kernel's strategy failures are in the log, and which quarantines.
    var loggedFailures = 0
    var loggedQuarantines: Set<String> = []
    /// The registry models served to the strategies (`[models] serve`); nil when none are.
    public let models: ModelService?
    /// The store filings, news and economic series are read from (the feed's), when there is one.
    let altDataStore: (any MarketStore)?
    /// What the strategies see of them now, and when the store was last read (wall clock).
    var altData = AltDataFeeds()
    var altDataReadAt = Date()
    let altDataSymbols: [Symbol]
    /// Scores the news and filings for `ctx:sentiment`: the trained model in `$KUMO_HOME/sentiment`, else the lexicon.
    var sentimentScorer = SentimentScorer(text: Lexicon.shipped(), name: "lexicon")
    /// Whether the broker's real-time session is up (nil on the simulated venue), and since when it is down.
    public internal(set) var brokerConnected: Bool?
    public internal(set) var brokerDownSince: Date?
    /// What the engine measures as it runs (set before ``run(stop:exitAtEnd:)``); nil measures nothing.
    public var metrics: EngineMetrics? {
        didSet {
            for strategy in strategies { strategy.latency = metrics?.onBarTimer(strategy.name) }
            let metrics = metrics
            journal.commitObserver = metrics.map { metrics in { metrics.journalCommit.recordNanoseconds(Int64($0)) } }
            models?.inferenceObserver = metrics.map { metrics in { metrics.inferenceTimer($0).recordNanoseconds(Int64($1)) } }
            if let brokerConnected { metrics?.brokerConnected.record(brokerConnected ? 1 : 0) }
        }
    }

    /// Opens the journal (refusing a damaged one), rebuilds the account from it, loads the
    /// strategies and the feed (or, with `broker`, prepares to stream from it). Call on a Lua thread.
    public init(config: LiveConfig, roots: ScriptRoots, broker: (any BrokerConnection)? = nil) throws {
        self.broker = broker
        self.config = config
        do { journal = try EngineJournal.open(config.location(config.engine.journal), durable: config.engine.durable) } catch {
            throw LiveConfig.Failure("engine.journal: \(error)")
        }
        let contents = try journal.read()
        guard let cash = Price(parsing: String(format: "%.0f", config.engine.cash)) else { throw LiveConfig.Failure("engine.cash: not an amount") }
        var engineConfiguration = EngineConfiguration(cash: cash)
        engineConfiguration.eventScopedOrderIDs = true
        kernel = Kernel(configuration: engineConfiguration)
        // An empty journal replays nothing (not even event 0, the strategies' init).
        kernel.restore(orders: contents.orders, fills: contents.fills, lastEvent: contents.records > 0 ? contents.lastEvent : -1)
        kernel.journal = journal
        recoveredThrough = contents.records > 0 ? contents.lastEvent : 0
        recoveredRecords = contents.records
        if let broker {
            // A live feed cannot be replayed: numbering goes on from the journal, the broker's account is the truth.
            kernel.continueAfterRestore()
            kernel.gateway = broker
            for order in contents.orders { broker.register(order) }
            series = []
        } else {
            series = try Self.feed(config)
        }
        let feedSymbols = broker == nil ? series.map(\.symbol) : try config.feed.symbols.map { code in
            guard let symbol = Symbol(code) else { throw LiveConfig.Failure("feed.symbols: '\(code)' is not a symbol") }
            return symbol
        }
        let loader = StrategyLoader(roots: roots)
        reloader = StrategyReloader(loader: loader)
        var warnings: [String] = []
        var slots: [SlotStrategy] = []
        for entry in config.strategies {
            let file = config.resolve(entry.file)
            let loaded: ScriptedStrategy
            let name = file.deletingPathExtension().lastPathComponent
            let services = LiveServices(strategy: name)
            do throws(StrategyLoadError) { loaded = try loader.load(file, services: services) } catch {
                throw LiveConfig.Failure("strategy \(entry.file): \(error.description)")
            }
            // The entry's symbols, when it names them, stand for the script's own.
            let wanted = try entry.symbols.map { codes in
                try codes.map { code in
                    guard let symbol = Symbol(code) else { throw LiveConfig.Failure("strategy \(entry.file): symbols: '\(code)' is not a symbol") }
                    return symbol
                }
            } ?? loaded.definition.symbols
            let universe: StrategyUniverse
            do throws(StrategyUniverse.Failure) {
                // A broker trades real orders: a strategy is never put on symbols it did not name.
                universe = try StrategyUniverse.resolve(
                    strategy: "strategy \(entry.file)", wanted: wanted, available: feedSymbols, source: "the feed",
                    fix: "give its [[strategy]] entry symbols = [...] from feed.symbols", whenNoneHeld: broker == nil ? .useAll : .refuse)
            } catch {
                throw LiveConfig.Failure(error.description)
            }
            if let warning = universe.warning { warnings.append(warning) }
            if universe.symbols != loaded.definition.symbols {
                do throws(LuaScriptError) { try loaded.setSymbols(universe.symbols) } catch { throw LiveConfig.Failure("strategy \(entry.file): symbols: \(error.message)") }
            }
            let slot = StrategySlot(strategy: loaded, services: services)
            reloader.register(slot)
            slots.append(SlotStrategy(slot: slot, kernel: kernel, symbols: universe.routed))
        }
        strategies = slots
        altDataSymbols = feedSymbols
        altDataStore = try Self.openStore(config)
        if let altDataStore {
            do { sentimentScorer = try SentimentScorer.standard(folder: URL(fileURLWithPath: config.resolve("$KUMO_HOME/sentiment").path)) } catch {
                throw LiveConfig.Failure("$KUMO_HOME/sentiment: \(error)")
            }
            do throws(MarketDataStore.Failure) { altData = try AltDataFeeds.load(from: altDataStore, symbols: feedSymbols, scorer: sentimentScorer) } catch {
                throw LiveConfig.Failure("feed.db: \(error.description)")
            }
            for strategy in slots { strategy.altData = altData }
        }
        if config.models.serve.isEmpty {
            models = nil
        } else {
            let registry = ModelRegistry(root: config.resolve(config.models.registry))
            do { models = try ModelService(registry: registry, names: config.models.serve) } catch let failure as ModelRegistry.Failure {
                throw LiveConfig.Failure("models.serve: \(failure.description) (registry \(registry.root.path))")
            }
            for strategy in slots {
                strategy.models = models
                strategy.slot.current.attach(models: models!)
            }
            models?.sentiment = altData.sentiment
        }
        if recoveredRecords > 0 {
            engineLogger.notice("recovered from the journal", metadata: [
                "records": "\(recoveredRecords)", "through_event": "\(recoveredThrough)", "fills": "\(kernel.fills.count)",
                "open_orders": "\(kernel.openOrders().count)", "journal": "\(journal.location)",
            ])
        }
        for warning in warnings {
            note("warning: \(warning)")
            engineLogger.warning("\(warning)")
        }
        let clockKernel = kernel
        for strategy in strategies { (strategy.slot.services as? LiveServices)?.clock = { clockKernel.now.secondsSince1970 } }
        for strategy in strategies {
            do throws(LuaScriptError) { try strategy.current.start() } catch { throw LiveConfig.Failure("strategy \(strategy.name): init failed: \(error.message)") }
        }
        restore(contents.commands)
    }

    /// The bars `config`'s feed replays: its store's series, or the synthetic market it names.
    public static func feed(_ config: LiveConfig) throws -> [(symbol: Symbol, bars: [Bar])] {
        if config.feed.kind == "synthetic" {
            let market = SyntheticMarket(seed: UInt64(config.feed.seed), symbols: max(config.feed.count, 1), days: config.feed.days)
            return config.feed.timeframe == "1m" ? market.minuteBars() : market.dailyBars()
        }
        guard let store = try openStore(config) else {
            throw LiveConfig.Failure("feed.db: there is no store at \(config.location(config.feed.db)) (kumo data import or kumo data synth makes one)")
        }
        guard let frame = Timeframe(parsing: config.feed.timeframe) else { throw LiveConfig.Failure("feed.timeframe: '\(config.feed.timeframe)' is not a timeframe") }
        return try config.feed.symbols.map { code in
            guard let symbol = Symbol(code) else { throw LiveConfig.Failure("feed.symbols: '\(code)' is not a symbol") }
            let bars: [Bar]
            do throws(MarketDataStore.Failure) { bars = try store.bars(symbol: symbol, timeframe: frame, from: nil, to: nil) } catch { throw LiveConfig.Failure(error.description) }
            guard !bars.isEmpty else { throw LiveConfig.Failure("feed.symbols: no \(frame) bars of \(code) in \(config.feed.db)") }
            return (symbol, bars)
        }
    }

    /// Watches the strategies' folders (and what they require) for saved files.
    public func watchForReloads() throws {
        try reloader.watch(Array(Set(config.strategies.map { config.resolve($0.file).deletingLastPathComponent() })))
    }

    /// What a run did, for the operator and the tests.
    public struct Summary: Sendable {
        public var events: Int
        public var replayed: Int
        public var fills: Int
        public var openOrders: Int
        public var cash: Price
        public var equity: Double
        public var stoppedBy: String?
        public var reloads: [ReloadRecord]
    }

    /// Runs the feed to its end (then waits for `stop` unless `exitAtEnd`), replaying what the
    /// journal had already seen; with a broker, trades its stream until stopped. Returns when stopped or done.
    public func run(stop: StopSignal, exitAtEnd: Bool) -> Summary {
        if broker != nil { return runBroker(stop: stop) }
        let loop = EventLoop(kernel: kernel, strategies: strategies, observers: observers)
        loop.start(at: series.compactMap(\.bars.first?.time).min() ?? Timestamp(nanoseconds: 0))
        var handled = 0
        var wallStart = Date()
        var feedStart: Timestamp?
        for item in ReplayMerger(series) {
            if stop.reason != nil { break }
            between()
            let replaying = kernel.eventIndex + 1 <= recoveredThrough
            if !replaying, config.engine.speed > 0 {
                if feedStart == nil {
                    feedStart = item.bar.time
                    wallStart = Date()
                }
                let due = Double(item.bar.time.nanoseconds - feedStart!.nanoseconds) / 1e9 / config.engine.speed
                // Waiting for the feed's pace, woken early by an operator's request (served at once).
                var wait = due - Date().timeIntervalSince(wallStart)
                while wait > 0, stop.reason == nil {
                    if wakeup.wait(timeout: .now() + min(wait, 1)) == .success { between() }
                    wait = due - Date().timeIntervalSince(wallStart)
                }
            }
            loop.step(.bar(item.symbol, item.bar))
            metrics?.events.increment()
            handled += 1
            lastEventAt = Date()
            // The event's records, whole; replayed events write only what they changed (expiries).
            journal.commit(event: kernel.eventIndex, checkpointEvery: replaying ? .max : config.engine.checkpointEvery)
        }
        journal.commit(event: kernel.eventIndex)
        while !exitAtEnd, stop.reason == nil {
            between()
            journal.commit(event: kernel.eventIndex, checkpointEvery: .max)  // what operator commands did
            _ = wakeup.wait(timeout: .now() + 0.02)
        }
        logStrategyHealth()
        return Summary(
            events: handled, replayed: min(recoveredThrough, handled), fills: kernel.fills.count, openOrders: kernel.openOrders().count,
            cash: kernel.portfolio.cash, equity: kernel.equity, stoppedBy: stop.reason, reloads: reloader.history)
    }

    /// Between two events: failures to log, the consoles' requests, then hot reloads.
    func between() {
        logStrategyHealth()
        for work in betweenEvents { work() }
        refreshAltDataIfDue()
        if reloader.hasPending {
            for record in reloader.applyPending() {
                switch record.outcome {
                case .applied:
                    metrics?.reloadsApplied.increment()
                    note("reloaded \(record.file) as version \(record.version) after event \(kernel.eventIndex)")
                    engineLogger.info("reloaded", metadata: ["file": "\(record.file)", "version": "\(record.version)", "event": "\(kernel.eventIndex)"])
                    appliedReloads.append((kernel.eventIndex, record.file, record.version))
                case .failed(let why):
                    metrics?.reloadsFailed.increment()
                    note("reload of \(record.file) failed, the old version keeps running: \(why)")
                    engineLogger.error("reload failed; the old version keeps running", metadata: ["file": "\(record.file)", "error": "\(why)"])
                }
            }
        }
    }

    /// What sees each event before the strategies: the served models' features.
    var observers: [(MarketEvent) -> Void] {
        guard let models else { return [] }
        return [{ event in if case .bar(let symbol, let bar) = event { models.observe(symbol: symbol, bar: bar) } }]
    }

    /// Prepares a reload of `file` now, on the calling thread; it takes over at the next gap
    /// between events (the console's `reload(name)` and deterministic replays use this).
    public func prepareReload(_ file: URL) { reloader.prepare(changed: [file]) }
}
