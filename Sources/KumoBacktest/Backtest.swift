public import KumoCore
import KumoData
public import KumoEngine

/// A historical replay: bars of many symbols merged in time order through one kernel and its
/// simulated venue, the strategies called on each, equity recorded at each bar time.
public struct Backtest {
    public var configuration: EngineConfiguration

    public init(configuration: EngineConfiguration) { self.configuration = configuration }

    static func isInvested(_ kernel: Kernel) -> Bool { kernel.portfolio.positions.values.contains { $0.quantity != 0 } }

    /// Runs `strategies` (made for the kernel by `makeStrategies`) over `series`; `progress` hears
    /// (bars done, bars in all) now and then; `observers` see each event before the strategies.
    /// `checkpoint`, asked at the same moments with the equity curve so far, stops the replay
    /// early when it answers false (an optimiser pruning a hopeless trial); the result then ends
    /// where the replay stopped.
    public func run(
        series: [(symbol: Symbol, bars: [Bar])], progress: ((Int, Int) -> Void)? = nil, observers: [(MarketEvent) -> Void] = [],
        checkpoint: ((_ done: Int, _ total: Int, _ curve: [BacktestResult.EquityPoint]) -> Bool)? = nil,
        makeStrategies: (Kernel) throws -> [any EngineStrategy]
    ) throws -> BacktestResult {
        let kernel = Kernel(configuration: configuration)
        if let first = series.compactMap(\.bars.first?.time).min() { EventLoop(kernel: kernel, strategies: []).start(at: first) }
        let strategies = try makeStrategies(kernel)
        let loop = EventLoop(kernel: kernel, strategies: strategies, observers: observers)
        var curve: [BacktestResult.EquityPoint] = []
        var pendingTime: Timestamp?
        let total = series.reduce(0) { $0 + $1.bars.count }
        let step = max(1, total / 200)
        var done = 0
        for item in ReplayMerger(series) {
            if let time = pendingTime, time != item.bar.time {
                curve.append(.init(time: time, equity: kernel.equity, isInvested: Self.isInvested(kernel)))
            }
            pendingTime = item.bar.time
            loop.step(.bar(item.symbol, item.bar))
            done += 1
            if done % step == 0 {
                progress?(done, total)
                if let checkpoint, !checkpoint(done, total, curve) { break }
            }
        }
        loop.finish()
        progress?(total, total)
        if let time = pendingTime { curve.append(.init(time: time, equity: kernel.equity, isInvested: Self.isInvested(kernel))) }
        let marks = kernel.lastBars.mapValues(\.close)
        let reports = strategies.map { strategy in
            let book = kernel.book(strategy.name)
            let failures = kernel.strategyFailures.filter { $0.strategy == strategy.name }
            return BacktestResult.StrategyReport(
                name: strategy.name, health: strategy.healthDescription, failures: failures.count, firstFailure: failures.first?.message,
                fills: kernel.fills.count { $0.strategy == strategy.name }, realizedPnL: book.realizedPnL.doubleValue,
                commission: book.commissionPaid.doubleValue, tax: book.taxPaid.doubleValue,
                pnl: book.equity(marks: marks) - (configuration.allocations[strategy.name]?.doubleValue ?? 0))
        }
        var result = BacktestResult(
            initialCash: configuration.cash.doubleValue, fills: kernel.fills, equityCurve: curve,
            rejections: kernel.orders.values.filter { $0.status == .rejected }.sorted { $0.id < $1.id },
            strategyFailures: kernel.strategyFailures.map { "\($0.strategy) at \($0.time.kst): \($0.message)" })
        result.strategies = reports
        result.orderCounts = Dictionary(grouping: kernel.orders.values, by: \.status.rawValue).mapValues(\.count)
        return result
    }
}
