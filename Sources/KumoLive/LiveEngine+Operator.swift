import Foundation
public import KumoCore
public import KumoEngine
import KumoLua
import KumoModels
import KumoScripting

/// What an operator may ask of a running engine, for callers outside this module (the HTTP
/// API); call these on the engine thread only, between events, as the console does.
extension LiveEngine {
    /// A strategy as an operator sees it.
    public struct StrategyState: Sendable, Equatable {
        public var name: String
        public var version: Int
        public var health: String
        public var enabled: Bool
        public var failures: Int
        public var file: String
        /// Bytes the strategy's Lua VM holds.
        public var memory: Int
    }

    public var strategyStates: [StrategyState] {
        strategies.map { strategy in
            StrategyState(
                name: strategy.name, version: strategy.slot.version, health: strategy.healthDescription, enabled: strategy.enabled,
                failures: kernel.strategyFailures.count { $0.strategy == strategy.name }, file: strategy.slot.file.path,
                memory: strategy.slot.current.vm.memoryInUse)
        }
    }

    /// Journals an operator's command (committed at once); `source` is `console` or `api:TOKEN_ID`.
    public func journalCommand(_ action: String, subject: String = "", detail: String = "", source: String) {
        journal.record(command: EngineJournal.OperatorCommand(action: action, subject: subject, detail: detail, source: source), event: kernel.eventIndex)
    }

    /// Halts new strategy orders (the kill switch), journaled.
    public func halt(_ reason: String, source: String) {
        kernel.halt(reason)
        journalCommand("halt", detail: reason, source: source)
    }

    /// Lets strategy orders through again, journaled.
    public func resume(source: String) {
        kernel.resume()
        journalCommand("resume", source: source)
    }

    /// Enables or disables strategy `name` (enabling lifts a quarantine), journaled; nil when there is none.
    public func setEnabled(_ name: String, _ enabled: Bool, source: String) -> StrategyState? {
        guard let strategy = strategies.first(where: { $0.name == name }) else { return nil }
        strategy.enabled = enabled
        if enabled { strategy.slot.current.resetHealth() }
        journalCommand(enabled ? "enable" : "disable", subject: name, source: source)
        return strategyStates.first { $0.name == name }
    }

    /// Queues a reload of strategy `name` from its file for the next gap, journaled; false when there is none.
    public func queueReload(_ name: String, source: String) -> Bool {
        guard let strategy = strategies.first(where: { $0.name == name }) else { return false }
        reloader.prepare(changed: [strategy.slot.file])
        journalCommand("reload", subject: name, source: source)
        return true
    }

    /// Serves `model`'s production and shadow versions as the registry now has them (after a
    /// promote, shadow or rollback), warmed on each symbol's recent bars, journaled; the refusal's
    /// message, or nil.
    public func reloadModel(_ model: String, action: String, detail: String, source: String) -> String? {
        guard let models else { return "this engine serves no models ([models] serve in kumo.toml)" }
        let symbols = series.isEmpty ? config.feed.symbols.compactMap { Symbol($0) } : series.map(\.symbol)
        let history = symbols.map { (symbol: $0, bars: Array(kernel.history($0, count: 512))) }
        do { try models.reload(model, history: history) } catch { return "\(error)" }
        journalCommand(action, subject: model, detail: detail, source: source)
        return nil
    }

    /// Brings back what operators' journaled commands left in force: a halt, disabled strategies
    /// and parameters set (in their order). Called once at start, before the feed runs.
    func restore(_ commands: [EngineJournal.OperatorCommand]) {
        for command in commands {
            switch command.action {
            case "halt": kernel.halt(command.detail)
            case "resume": kernel.resume()
            case "enable", "disable": strategies.first { $0.name == command.subject }?.enabled = command.action == "enable"
            case "set_param":
                let parts = command.detail.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, let strategy = strategies.first(where: { $0.name == command.subject }) else { continue }
                do throws(LuaScriptError) { try strategy.slot.current.setParameter(parts[0], parts[1]) } catch {
                    note("journal: \(command.subject).\(parts[0]) = \(parts[1]) no longer applies: \(error.message)")
                }
            default: continue
            }
        }
    }

    /// Sells every strategy's long position in `symbol` (all when nil) at market, journaled; returns the orders placed.
    public func flatten(_ only: Symbol? = nil, source: String) -> [Order] {
        journalCommand("flatten", subject: only?.code ?? "", source: source)
        var placed: [Order] = []
        for strategy in strategies {
            for (symbol, position) in kernel.book(strategy.name).positions.sorted(by: { $0.key < $1.key })
            where position.quantity > 0 && (only == nil || only == symbol) {
                placed.append(kernel.submit(strategy: strategy.name, symbol: symbol, side: .sell, quantity: position.quantity))
            }
        }
        return placed
    }

    /// Strategy `name`'s reload attempts, oldest first, as JSON-ready values; nil when there is no such strategy.
    public func reloadHistory(of name: String) -> [[String: Any]]? {
        guard let strategy = strategies.first(where: { $0.name == name }) else { return nil }
        let file = strategy.slot.file.path
        return reloader.history.filter { $0.file == file || $0.file == strategy.slot.file.lastPathComponent }.map { record in
            var entry: [String: Any] = ["file": record.file, "version": record.version, "time": record.time, "trigger": record.trigger]
            switch record.outcome {
            case .applied(let carried): entry["outcome"] = "applied"; entry["carried_state"] = carried
            case .failed(let why): entry["outcome"] = "failed"; entry["error"] = why
            }
            return entry
        }
    }

    /// Sets parameter `key` of strategy `name`, journaled when it took; the refusal's message, or nil.
    public func setParameter(_ name: String, _ key: String, _ value: String, source: String) -> String? {
        guard let strategy = strategies.first(where: { $0.name == name }) else { return "no strategy is named \(name)" }
        do throws(LuaScriptError) { try strategy.slot.current.setParameter(key, value) } catch { return error.message }
        journalCommand("set_param", subject: name, detail: "\(key)=\(value)", source: source)
        return nil
    }

    /// The feed's symbols with their bar counts and first and last bar times (KST).
    public var feedSymbols: [[String: Any]] {
        series.map { item in
            ["symbol": item.symbol.code, "bars": item.bars.count, "first": item.bars.first?.time.kst ?? "", "last": item.bars.last?.time.kst ?? ""]
        }
    }

    /// Hot reloads attempted so far (applied or failed).
    public var reloadAttempts: Int { reloader.history.count }

    /// The names of the strategies orders may be filed under.
    public var strategyNames: [String] { strategies.map(\.name) }
}
