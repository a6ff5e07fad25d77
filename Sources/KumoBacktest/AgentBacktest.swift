public import KumoCore
public import KumoEngine
public import KumoModels

/// A reinforcement-learning agent through the engine, for its registry record: from `start`, at
/// each bar's close the agent is asked (with the strategy's position, cash and equity, as
/// `ctx:act` asks) for a target weight of equity in the symbol — split evenly over the symbols —
/// and the difference is ordered at market, sized as `ctx:target_percent` sizes it.
public enum AgentBacktest {
    final class AgentStrategy: EngineStrategy {
        let name = "agent"
        let service: ModelService
        let model: String
        let start: Timestamp
        let share: Double

        init(service: ModelService, model: String, start: Timestamp, symbols: Int) {
            self.service = service
            self.model = model
            self.start = start
            share = 1 / Double(max(symbols, 1))
        }

        func onBar(symbol: Symbol, bar: Bar, kernel: Kernel) throws {
            guard bar.time >= start else { return }
            let position = kernel.book(name).position(symbol)
            let equity = kernel.equity(for: name)
            let account = AgentSpec.accountInputs(
                positionValue: Double(position.quantity) * bar.close.doubleValue, cash: kernel.cash(for: name).doubleValue,
                costBasis: position.costBasis.doubleValue, equity: equity)
            guard let decision = service.act(model, symbol: symbol, account: account) else { return }
            let target = Int64((decision.weight * share * equity / bar.close.doubleValue).rounded(.down))
            let change = target - position.quantity
            if change != 0 { kernel.submit(strategy: name, symbol: symbol, side: change > 0 ? .buy : .sell, quantity: abs(change)) }
        }

        func onFill(_ fill: Fill, kernel: Kernel) throws {}
        func onReject(_ order: Order, kernel: Kernel) throws {}
    }

    /// Runs agent `version` of `name` over `series`, trading from `start`; returns total return,
    /// Sharpe, maximum drawdown, round trips, fills, and buy-and-hold's return over the same bars
    /// (an equal share of each symbol bought at the first traded bar's close, marked at the last).
    public static func run(
        name: String, version: Int, registry: ModelRegistry, series: [(symbol: Symbol, bars: [Bar])], start: Timestamp,
        configuration: EngineConfiguration = EngineConfiguration()
    ) throws -> [String: Double] {
        let service = try ModelService(registry: registry, name: name, version: version)
        let (result, traded) = try SignalBacktest.replay(series: series, service: service, start: start, configuration: configuration) {
            AgentStrategy(service: service, model: name, start: start, symbols: series.count)
        }
        let holds = series.compactMap { item -> Double? in
            guard let first = item.bars.first(where: { $0.time >= start }), let last = item.bars.last, first.close.micros > 0 else { return nil }
            return last.close.doubleValue / first.close.doubleValue - 1
        }
        return [
            "total_return": traded.totalReturn, "sharpe": traded.sharpe(), "max_drawdown": traded.maxDrawdown, "trades": Double(traded.trades.count),
            "fills": Double(result.fills.count), "buy_and_hold_return": holds.isEmpty ? 0 : holds.reduce(0, +) / Double(holds.count),
        ]
    }
}
