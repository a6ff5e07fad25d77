import ArgumentParser
import Foundation
import KumoBacktest
import KumoCore
import KumoData
import KumoEngine
import KumoExecution
import KumoLua
import KumoModels
import KumoPostgres
import KumoRisk
import KumoScripting
import KumoSentiment

/// `kumo backtest STRATEGY.lua… --data FILE.csv|SYMBOL …`: strategies over historical bars on the
/// simulated KRX venue, with a summary, JSON and an HTML report.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest", abstract: "Run Lua strategies over stored or file bars on the simulated KRX venue.",
        discussion: "Exit status: 0 when every strategy ran cleanly, 2 when one failed or was quarantined (the others still ran).")

    @Argument(help: "The strategy files; each gets its own VM.") var strategies: [String]
    @OptionGroup var market: MarketReplayOptions
    @Option(help: "Host stop-loss on every position, as a fraction below its average price.") var stopLoss: Double?
    @Option(help: "Host take-profit on every position, as a fraction above its average price.") var takeProfit: Double?
    @Option(help: "Host trailing stop on every position, as a fraction under its high since entry.") var trailingStop: Double?
    @Option(help: "Risk: the most one order may be worth.") var maxOrderValue: Double?
    @Option(help: "Risk: the most a position in one symbol may be worth.") var maxPositionValue: Double?
    @Option(help: "Risk: the most all positions together may be worth.") var maxGrossExposure: Double?
    @Option(help: "Risk: the daily loss that halts new orders for the day.") var maxDailyLoss: Double?
    @Flag(help: "Give each strategy an equal slice of the cash instead of one shared account.") var split = false
    @Option(help: "A bar file or stored symbol to measure beta and alpha against.") var benchmark: String?
    @Option(help: "Write the result as JSON here.") var json: String?
    @Option(help: "Write a self-contained HTML report here.") var report: String?
    @Option(name: .customLong("model"), help: "Serve a registry model's production version to ctx:predict; repeatable.") var modelNames: [String] = []
    @Option(help: "The model registry (default: $KUMO_HOME/models, else ./kumo-home/models).") var models: String?
    @Option(name: .customLong("param"), help: "Override a strategy parameter: name=value (strategy.name=value with several); repeatable.")
    var parameters: [String] = []
    @Option(help: "Run every strategy on these symbols instead of its own `symbols`, such as SYN0001,SYN0002.") var universe: String?
    @Option(help: "Show what strategies log or print from this level up on stderr: debug, info, warning, error, or off (all of it stays in --json).")
    var scriptLog = "info"

    func validate() throws {
        guard !strategies.isEmpty else { throw ValidationError("name at least one strategy file") }
        for (flag, value) in [("--stop-loss", stopLoss), ("--take-profit", takeProfit), ("--trailing-stop", trailingStop)] {
            if let value, !(value > 0 && value < 1) { throw ValidationError("\(flag) must be a fraction between 0 and 1, not \(value)") }
        }
        guard scriptLog == "off" || ScriptLogLevel(rawValue: scriptLog) != nil else {
            throw ValidationError("--script-log '\(scriptLog)' is not debug, info, warning, error or off")
        }
    }

    func run() throws {
        let configuration = try engineConfiguration()
        // Where the results go is checked before the backtest runs, not after.
        for (flag, path) in [("--json", json), ("--report", report)] {
            if let path { try OutputPath.prepare(path, flag: flag) }
        }
        let series = try market.series()
        let roots = try ProjectRoots.locate()
        let bar = ProgressBar(label: "backtest")
        let services = CollectingServices(echo: ScriptLogEcho(threshold: ScriptLogLevel(rawValue: scriptLog)).write)
        let override = try universe.map(Self.symbols)
        var service: ModelService?
        nonisolated(unsafe) var parents: [(strategy: String, parent: ExecutionDesk.Working)] = []
        var result: BacktestResult = try LuaThread.run {
            let loaded = try strategies.map { try load($0, roots: roots, services: services) }
            defer { parents = loaded.flatMap { strategy in strategy.desk.parents.map { (strategy.definition.name, $0) } } }
            let universes = try loaded.map { try self.routedSymbols(of: $0, override: override, data: series.map(\.symbol)) }
            let names = loaded.map(\.definition.name)
            if let duplicate = names.first(where: { name in names.count { $0 == name } > 1 }) {
                throw ValidationError("two strategies are named '\(duplicate)'; give one a different `name`")
            }
            var sliced = configuration
            if split {
                let share = Price(micros: configuration.cash.micros / Int64(loaded.count))
                sliced.allocations = Dictionary(uniqueKeysWithValues: names.map { ($0, share) })
            }
            service = try modelService()
            if let service { for strategy in loaded { strategy.attach(models: service) } }
            let feeds = try altData(series.map(\.symbol))
            for strategy in loaded { strategy.attach(altData: feeds) }
            service?.sentiment = feeds.sentiment
            let observers: [(MarketEvent) -> Void] = service.map { models in
                [{ event in if case .bar(let symbol, let bar) = event { models.observe(symbol: symbol, bar: bar) } }]
            } ?? []
            return try Backtest(configuration: sliced).run(series: series, progress: bar.update, observers: observers) { kernel in
                services.clock = { kernel.now }
                return try zip(loaded, universes).map { strategy, universe in
                    let adapter = LuaEngineStrategy(strategy, kernel: kernel, symbols: universe)
                    do throws(LuaScriptError) { try adapter.start() } catch { throw ValidationError("\(strategy.file.path): init failed: \(error.message)") }
                    return adapter
                }
            }
        }
        result.log = services.lines.map {
            .init(time: $0.time, strategy: $0.entry.script, level: $0.entry.level.rawValue, message: $0.entry.message, location: $0.entry.location)
        }
        if let benchmark {
            let (_, bars) = try market.loadSeries(benchmark)
            result.benchmark = Self.closes(bars, at: result.equityCurve.map(\.time))
        }
        for line in result.summary() { print(line) }
        for (strategy, parent) in parents {
            // Per parent: the implementation shortfall against its arrival price, and the miss against the interval VWAP.
            print(String(
                format: "parent         %@ %@: %@ %@ %@ %lld/%lld (%@), %d children, avg %.2f, arrival %.2f, shortfall %+.1f bp, vs interval VWAP %+.1f bp",
                strategy, parent.id, parent.algorithm, parent.side.rawValue, parent.symbol.code, parent.filled, parent.parent.quantity, parent.state,
                parent.children.count, parent.averagePrice, parent.arrival ?? 0, parent.implementationShortfallbp, parent.slippageVersusVWAPbp)
                + (parent.filledByVenue.isEmpty ? "" : ", " + parent.filledByVenue.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key) \($0.value)" }.joined(separator: " "))
                + (parent.pausedMinutes > 0 ? ", paused \(parent.pausedMinutes) min (spread)" : ""))
        }
        if let service { try reportModels(service) }
        if let json { try result.json().write(toFile: json, atomically: true, encoding: .utf8) }
        if let report {
            let title = "Backtest: " + strategies.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")
            try BacktestReport(result: result, title: title).html().write(toFile: report, atomically: true, encoding: .utf8)
        }
        if result.strategies.contains(where: { $0.failures > 0 }) {
            print("exit 2: a strategy failed; its errors are above and in the report")
            throw ExitCode(2)
        }
    }

    /// Each served model's drift against its training window and its shadow's online comparison
    /// (also written into the shadow's version folder).
    private func reportModels(_ service: ModelService) throws {
        for name in service.names {
            if let (stability, alerts) = service.drift(name) {
                let worst = stability.max { $0.value < $1.value }
                print("model          \(name): " + (alerts.isEmpty ? "no drift" : "DRIFT in \(alerts.joined(separator: ", "))")
                    + (worst.map { String(format: " (largest PSI %.3f, %@)", $0.value, $0.key) } ?? ""))
            }
            if let (shadow, c) = service.shadowComparison(name) {
                print(String(format: "shadow         %@ v%d: IC %.3f vs %.3f, hit %.3f vs %.3f, virtual P&L %.4f vs %.4f over %d", name, shadow.version,
                             c.shadowIC, c.productionIC, c.shadowHitRate, c.productionHitRate, c.shadowPnL, c.productionPnL, c.samples))
            }
        }
        try service.writeShadowLogs()
    }

    /// The stored DART filings and news of `symbols` and the stored economic series (`kumo collect
    /// dart | news | econ`), for `ctx:disclosures`, `ctx:news`, `ctx:econ`, `on_disclosure` and `on_news`.
    private func altData(_ symbols: [Symbol]) throws -> AltDataFeeds {
        guard market.store.exists else { return AltDataFeeds() }
        let store = try market.store.open()
        let scorer = try SentimentScorer.standard(folder: SentimentScorer.defaultFolder())
        do throws(MarketDataStore.Failure) { return try AltDataFeeds.load(from: store, symbols: symbols, scorer: scorer) } catch { throw ValidationError(error.description) }
    }

    /// The models named by --model, from the registry.
    private func modelService() throws -> ModelService? {
        guard !modelNames.isEmpty else { return nil }
        do { return try ModelService(registry: RegistryOptions.registry(at: models), names: modelNames) } catch let failure as ModelRegistry.Failure {
            throw ValidationError(failure.description)
        }
    }

    private func engineConfiguration() throws -> EngineConfiguration {
        var configuration = try market.engineConfiguration()
        let protection = Protection(stopLoss: stopLoss, takeProfit: takeProfit, trailing: trailingStop)
        configuration.risk = RiskLimits(maxPositionValue: maxPositionValue, maxOrderValue: maxOrderValue, maxGrossExposure: maxGrossExposure, maxDailyLoss: maxDailyLoss)
        configuration.protection = protection.isEmpty ? nil : protection
        return configuration
    }

    /// Loads a strategy and applies the `--param` overrides meant for it.
    private func load(_ path: String, roots: ScriptRoots, services: CollectingServices) throws -> ScriptedStrategy {
        let loaded: ScriptedStrategy
        do throws(StrategyLoadError) {
            loaded = try StrategyLoader(roots: roots).load(URL(fileURLWithPath: path), services: services)
        } catch {
            throw ValidationError(error.description)
        }
        for assignment in parameters {
            let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--param '\(assignment)' must be name=value") }
            var name = parts[0]
            if strategies.count > 1 {
                let scoped = name.split(separator: ".", maxSplits: 1).map(String.init)
                guard scoped.count == 2 else { throw ValidationError("--param '\(assignment)': with several strategies, write strategy.name=value") }
                guard scoped[0] == loaded.definition.name else { continue }
                name = scoped[1]
            }
            do throws(LuaScriptError) { try loaded.setParameter(name, parts[1]) } catch { throw ValidationError("--param: \(error.message)") }
        }
        return loaded
    }

    /// The symbols `strategy`'s bars come from: its own `symbols` (or `--universe`) that `--data`
    /// holds, with a warning for those it does not; all of `--data` (warned) when it holds none.
    private func routedSymbols(of strategy: ScriptedStrategy, override: [Symbol]?, data: [Symbol]) throws -> Set<Symbol>? {
        let name = strategy.definition.name
        do {
            let universe = try StrategyUniverse.resolve(
                strategy: "\(name) (\(strategy.file.lastPathComponent))", wanted: override ?? strategy.definition.symbols, available: data, source: "--data",
                fix: "--universe chooses, --symbol names a file's symbol", whenNoneHeld: .useAll)
            if let warning = universe.warning { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
            if universe.symbols != strategy.definition.symbols { try strategy.setSymbols(universe.symbols) }
            return universe.routed
        } catch {
            throw ValidationError("\(name): symbols: \((error as? LuaScriptError)?.message ?? "\(error)")")
        }
    }

    /// `A,B,C` as symbols.
    static func symbols(_ list: String) throws -> [Symbol] {
        let codes = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !codes.isEmpty else { throw ValidationError("--universe names no symbols") }
        return try codes.map { code in
            guard let symbol = Symbol(code) else { throw ValidationError("--universe: '\(code)' is not a symbol code") }
            return symbol
        }
    }

    /// The benchmark's last close at or before each time (its first close before it starts).
    static func closes(_ bars: [Bar], at times: [Timestamp]) -> [Double] {
        var index = 0
        return times.map { time in
            while index + 1 < bars.count, bars[index + 1].time <= time { index += 1 }
            return bars[index].close.doubleValue
        }
    }
}
