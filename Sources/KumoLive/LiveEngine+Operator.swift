import Foundation
public import KumoCore
public import KumoEngine
import KumoLua
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
    }

    public var strategyStates: [StrategyState] {
        strategies.map { strategy in
            StrategyState(
                name: strategy.name, version: strategy.slot.version, health: strategy.healthDescription, enabled: strategy.enabled,
                failures: kernel.strategyFailures.count { $0.strategy == strategy.name }, file: strategy.slot.file.path)
        }
    }

    /// Enables or disables strategy `name` (enabling lifts a quarantine); nil when there is none.
    public func setEnabled(_ name: String, _ enabled: Bool) -> StrategyState? {
        guard let strategy = strategies.first(where: { $0.name == name }) else { return nil }
        strategy.enabled = enabled
        if enabled { strategy.slot.current.resetHealth() }
        return strategyStates.first { $0.name == name }
    }

    /// Queues a reload of strategy `name` from its file for the next gap; false when there is none.
    public func queueReload(_ name: String) -> Bool {
        guard let strategy = strategies.first(where: { $0.name == name }) else { return false }
        reloader.prepare(changed: [strategy.slot.file])
        return true
    }

    /// Sells every strategy's long position in `symbol` (all when nil) at market; returns the orders placed.
    public func flatten(_ only: Symbol? = nil) -> [Order] {
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

    /// Sets parameter `key` of strategy `name` (as the console's `set_param`); the refusal's
    /// message, or nil when it took.
    public func setParameter(_ name: String, _ key: String, _ value: String) -> String? {
        guard let strategy = strategies.first(where: { $0.name == name }) else { return "no strategy is named \(name)" }
        do throws(LuaScriptError) { try strategy.slot.current.setParameter(key, value) } catch { return error.message }
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
