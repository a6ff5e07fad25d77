import ArgumentParser

/// The `kumo` command: composition root and argument parsing only.
@main
struct Kumo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Kumo: a trading platform for the Korean stock market with Lua strategies.", version: "kumo 0.11.0",
        subcommands: [BacktestCommand.self, OptimizeCommand.self, WalkForwardCommand.self, MonteCarloCommand.self, StressCommand.self, PortfolioCommand.self, TokenCommand.self, CheckCommand.self, DataCommand.self, IndicatorsCommand.self, ChartCommand.self, BenchCommand.self, MLCommand.self, RLCommand.self, RunCommand.self, ReplCommand.self, StubsCommand.self, KISSimCommand.self, KiwoomSimCommand.self, CollectCommand.self, EconCommand.self, SentimentCommand.self, DARTSimCommand.self, ECOSSimCommand.self])
}
