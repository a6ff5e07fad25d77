public import KumoCore
public import KumoEngine
public import KumoModels
public import KumoSentiment

/// A model's signal through the engine, for its registry record: from `start`, each symbol is held
/// (an equal share of equity, at the next open, KRX costs) while the model's forecast (p(up) −
/// p(down) for a direction model) is above the median of its training forecasts — better than
/// usual — and sold when it is not. Without a baseline (an ensemble) the level is zero.
public enum SignalBacktest {
    final class SignalStrategy: EngineStrategy {
        let name = "signal"
        let service: ModelService
        let model: String
        let start: Timestamp
        let share: Double
        let level: Double

        init(service: ModelService, model: String, start: Timestamp, symbols: Int) {
            self.service = service
            self.model = model
            self.start = start
            share = 0.95 / Double(max(symbols, 1))
            level = service.medianTrainingSignal(model) ?? 0
        }

        func onBar(symbol: Symbol, bar: Bar, kernel: Kernel) throws {
            guard bar.time >= start, let output = service.prediction(model, symbol: symbol) else { return }
            let signal = ModelTraining.signal(output)
            let held = kernel.book(name).position(symbol).quantity
            if signal > level, held == 0 {
                let quantity = Int64((kernel.equity * share / bar.close.doubleValue).rounded(.down))
                if quantity > 0 { kernel.submit(strategy: name, symbol: symbol, side: .buy, quantity: quantity) }
            } else if signal <= level, held > 0 {
                kernel.submit(strategy: name, symbol: symbol, side: .sell, quantity: held)
            }
        }

        func onFill(_ fill: Fill, kernel: Kernel) throws {}
        func onReject(_ order: Order, kernel: Kernel) throws {}
    }

    /// Runs `version` of `name` over `series` trading from `start`; returns total return, Sharpe,
    /// maximum drawdown and round trips.
    public static func run(
        name: String, version: Int, registry: ModelRegistry, series: [(symbol: Symbol, bars: [Bar])], start: Timestamp,
        configuration: EngineConfiguration = EngineConfiguration(), sentiment: SentimentBook? = nil
    ) throws -> [String: Double] {
        let service = try ModelService(registry: registry, name: name, version: version)
        service.sentiment = sentiment
        let (_, traded) = try replay(series: series, service: service, start: start, configuration: configuration) {
            SignalStrategy(service: service, model: name, start: start, symbols: series.count)
        }
        return [
            "total_return": traded.totalReturn, "sharpe": traded.sharpe(), "max_drawdown": traded.maxDrawdown, "trades": Double(traded.trades.count),
        ]
    }

    /// Replays `series` with `service` fed every bar and `strategy` trading; returns the whole run
    /// and its part from `start` (equity rebased there), which the figures are read from.
    static func replay(
        series: [(symbol: Symbol, bars: [Bar])], service: ModelService, start: Timestamp, configuration: EngineConfiguration,
        strategy: () -> any EngineStrategy
    ) throws -> (result: BacktestResult, traded: BacktestResult) {
        let observer: (MarketEvent) -> Void = { event in
            if case .bar(let symbol, let bar) = event { service.observe(symbol: symbol, bar: bar) }
        }
        let result = try Backtest(configuration: configuration).run(series: series, observers: [observer]) { _ in [strategy()] }
        let from = result.equityCurve.firstIndex { $0.time >= start } ?? 0
        let traded = BacktestResult(
            initialCash: result.equityCurve[from].equity, fills: result.fills, equityCurve: Array(result.equityCurve[from...]), rejections: [],
            strategyFailures: [])
        return (result, traded)
    }
}
