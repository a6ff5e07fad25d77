public import KumoCore
import KumoData
public import KumoEngine

/// A historical replay: bars of many symbols merged in time order through one kernel and its
/// simulated venue, the strategies called on each, equity recorded at each bar time.
public struct Backtest {
    public var configuration: EngineConfiguration

    public init(configuration: EngineConfiguration) { self.configuration = configuration }

    static func isInvested(_ kernel: Kernel) -> Bool { kernel.portfolio.positions.values.contains { $0.quantity != 0 } }

    /// Runs `strategies` (made for the kernel by `makeStrategies`) over `series`.
    public func run(
        series: [(symbol: Symbol, bars: [Bar])], makeStrategies: (Kernel) throws -> [any EngineStrategy]
    ) throws -> BacktestResult {
        let kernel = Kernel(configuration: configuration)
        let strategies = try makeStrategies(kernel)
        var curve: [BacktestResult.EquityPoint] = []
        var pendingTime: Timestamp?
        for item in ReplayMerger(series) {
            if let time = pendingTime, time != item.bar.time {
                curve.append(.init(time: time, equity: kernel.equity, isInvested: Self.isInvested(kernel)))
            }
            pendingTime = item.bar.time
            kernel.handle(symbol: item.symbol, bar: item.bar, strategies: strategies)
        }
        if let time = pendingTime { curve.append(.init(time: time, equity: kernel.equity, isInvested: Self.isInvested(kernel))) }
        return BacktestResult(
            initialCash: configuration.cash.doubleValue, fills: kernel.fills, equityCurve: curve,
            rejections: kernel.orders.values.filter { $0.status == .rejected }.sorted { $0.id < $1.id },
            strategyFailures: kernel.strategyFailures.map { "\($0.strategy) at \($0.time): \($0.message)" })
    }
}
