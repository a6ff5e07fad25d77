import Dispatch
import KumoBacktest
import KumoEngine
public import KumoCore

extension StrategyTrialRunner {
    /// One study trial: the backtest of the context's parameters over `from..<to`, scored by
    /// `objective` at each checkpoint (quarters of the bars by default) and stopped there when
    /// the pruning rule says so.
    public func trial(_ context: Study.TrialContext, objective: Objective, from: Timestamp? = nil, to: Timestamp? = nil) -> Trial {
        let started = DispatchTime.now().uptimeNanoseconds
        var intermediate: [Double] = []
        var pruned = false
        let cash = configuration.cash.doubleValue
        let checkpoint: (Int, Int, [BacktestResult.EquityPoint]) -> Bool = { done, total, curve in
            guard context.checkpoints > 1 else { return true }
            let step = intermediate.count + 1
            guard step < context.checkpoints, done * context.checkpoints >= step * total else { return true }
            let value = objective.value(of: curve, initialCash: cash)
            intermediate.append(value)
            if !context.shouldContinue(step: step, value: value) { pruned = true }
            return !pruned
        }
        func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
        do {
            let result = try run(context.parameters, from: from, to: to, checkpoint: checkpoint)
            if pruned {
                return Trial(number: 0, indices: [], parameters: context.parameters, state: .pruned, value: nil, intermediate: intermediate, seconds: seconds())
            }
            let analytics = Analytics(result)
            let value = objective.value(of: analytics)
            let equities = result.equityCurve.map(\.equity)
            return Trial(
                number: 0, indices: [], parameters: context.parameters, state: .complete, value: value, intermediate: intermediate + [value],
                metrics: analytics.dictionary, returns: zip(equities, equities.dropFirst()).map { $0 > 0 ? $1 / $0 - 1 : 0 }, seconds: seconds())
        } catch {
            return Trial(number: 0, indices: [], parameters: context.parameters, state: .failed, value: nil, message: error.description, seconds: seconds())
        }
    }
}
