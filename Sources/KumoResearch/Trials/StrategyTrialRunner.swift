public import Foundation
public import KumoBacktest
public import KumoCore
public import KumoEngine
import KumoLua
public import KumoScripting

/// Runs one Lua strategy file with one parameter set over historical bars, each run in a VM of
/// its own on its own Lua thread, so trials can run side by side on every core.
public struct StrategyTrialRunner: Sendable {
    public var file: URL
    public var roots: ScriptRoots
    public var series: [(symbol: Symbol, bars: [Bar])]
    public var configuration: EngineConfiguration
    /// Parameters set before the searched ones (a trader's fixed overrides).
    public var fixedParameters: [(String, String)]

    public init(file: URL, roots: ScriptRoots, series: [(symbol: Symbol, bars: [Bar])], configuration: EngineConfiguration, fixedParameters: [(String, String)] = []) {
        self.file = file
        self.roots = roots
        self.series = series
        self.configuration = configuration
        self.fixedParameters = fixedParameters
    }

    /// The sorted distinct bar times of all series: the calendar windows are cut from.
    public var times: [Timestamp] { Array(Set(series.flatMap { $0.bars.map(\.time) })).sorted() }

    /// Checks that the file loads and names the parameters it is given, before any trial runs.
    public func validate(parameters: [String]) throws(ResearchError) {
        do {
            try LuaThread.run {
                let loaded = try StrategyLoader(roots: roots).load(file, services: RecordingServices())
                for (name, value) in fixedParameters { try loaded.setParameter(name, value) }
                for name in parameters where loaded.definition.parameters[name] == nil {
                    let known = loaded.definition.parameters.fields.compactMap(\.key.stringValue).sorted().joined(separator: ", ")
                    throw ResearchError.invalidInput("\(file.lastPathComponent) has no parameter '\(name)' in its params (it has: \(known.isEmpty ? "none" : known))")
                }
            }
        } catch let error as ResearchError {
            throw error
        } catch let error as StrategyLoadError {
            throw .invalidInput(error.description)
        } catch {
            throw .invalidInput("\(file.lastPathComponent): \((error as? LuaScriptError)?.message ?? "\(error)")")
        }
    }

    /// The backtest of `parameters` over bars in `from..<to` (all when nil). `checkpoint` hears
    /// the curve so far and may stop the run.
    public func run(
        _ parameters: ParameterSet, from: Timestamp? = nil, to: Timestamp? = nil,
        checkpoint: ((_ done: Int, _ total: Int, _ curve: [BacktestResult.EquityPoint]) -> Bool)? = nil
    ) throws(ResearchError) -> BacktestResult {
        let window = series.map { item in
            (symbol: item.symbol, bars: item.bars.filter { bar in (from.map { bar.time >= $0 } ?? true) && (to.map { bar.time < $0 } ?? true) })
        }.filter { !$0.bars.isEmpty }
        guard !window.isEmpty else { throw .trialFailed("no bars in the window") }
        do {
            return try LuaThread.run {
                let loaded = try StrategyLoader(roots: roots).load(file, services: RecordingServices())
                for (name, value) in fixedParameters { try loaded.setParameter(name, value) }
                for (name, value) in zip(parameters.names, parameters.values) { try loaded.setParameter(name, value.description) }
                let symbols = Set(window.map(\.symbol))
                if !Set(loaded.definition.symbols).isSubset(of: symbols) { try loaded.setSymbols(window.map(\.symbol)) }
                let result = try Backtest(configuration: configuration).run(series: window, checkpoint: checkpoint) { kernel in
                    let adapter = LuaEngineStrategy(loaded, kernel: kernel, symbols: symbols)
                    try adapter.start()
                    return [adapter]
                }
                if let failure = result.strategyFailures.first { throw ResearchError.trialFailed(failure) }
                return result
            }
        } catch let error as ResearchError {
            throw error
        } catch let error as StrategyLoadError {
            throw .trialFailed(error.description)
        } catch {
            throw .trialFailed((error as? LuaScriptError)?.message ?? "\(error)")
        }
    }
}
