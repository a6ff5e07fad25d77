import KumoResearch
import Testing

/// The research tools on a market with a known edge and on one without: the optimiser finds the
/// edge, walk-forward keeps it out of sample, and on noise the overfitting measures say so.
struct PlantedEdgeTests {
    static let space = try! ParameterSpace(parsing: ["lag=1:10:1"])

    @Test(arguments: ["grid", "random", "tpe"])
    func theOptimiserFindsThePlantedLag(method: String) throws {
        let runner = PlantedMarket.runner(phi: 0.35)
        let sampler: any Sampler = switch method {
        case "grid": GridSampler()
        case "random": RandomSampler()
        default: TPESampler(startupTrials: 4)
        }
        let study = Study(space: Self.space, constraint: nil, objective: .sharpe, sampler: sampler, seed: 11, workers: 2)
        let trials = try study.run(trials: 10, store: nil) { runner.trial($0, objective: .sharpe) }
        let best = try #require(Study.best(trials))
        #expect(best.parameters["lag"] == .integer(5), "\(method) chose \(best.parameters)")
        #expect(best.value! > 1.5)
        // Every other lag trades noise: nothing else comes close.
        let others = trials.filter { $0.parameters["lag"] != .integer(5) }.compactMap(\.value)
        #expect(others.allSatisfy { $0 < best.value! - 1 })
    }

    @Test func walkForwardKeepsTheEdgeOutOfSample() throws {
        let runner = PlantedMarket.runner(phi: 0.35)
        let study = Study(space: Self.space, constraint: nil, objective: .sharpe, sampler: GridSampler(), seed: 3, workers: 2)
        let plan = try WalkForward(train: 500, test: 250, warmup: 10)
        let result = try plan.run(runner: runner, study: study, trials: 10)
        #expect(result.windows.count == 4)
        let chosen = result.windows.compactMap { $0.best?.parameters["lag"] }
        #expect(chosen.count { $0 == .integer(5) } >= 3, "chosen lags \(chosen)")
        #expect(result.stitchedReturns.count == 1000)
        #expect(result.outOfSample["sharpe"]! > 1.5)
        #expect(result.efficiency! > 0.5)
        let lag = try #require(result.stability.first)
        #expect(lag.modeShare >= 0.75)
    }

    @Test func onNoiseTheDeflatedSharpeSaysNotSignificant() throws {
        for seed: UInt64 in [7, 8, 9] {
            let runner = PlantedMarket.runner(phi: 0, seed: seed)
            let study = Study(space: Self.space, constraint: nil, objective: .sharpe, sampler: GridSampler(), seed: 1, workers: 2)
            let trials = try study.run(trials: 10, store: nil) { runner.trial($0, objective: .sharpe) }
            // Pruned trials count as tried; the tests that need whole return series take the complete ones.
            let complete = trials.filter { $0.state == .complete }.map(\.returns)
            let deflated = try #require(DeflatedSharpe(trialReturns: complete, trialCount: trials.count))
            #expect(!deflated.isSignificant, "seed \(seed): DSR \(deflated.probability)")
            let check = try RealityCheck(differentials: complete, resamples: 500, seed: seed)
            #expect(check.spaPValue > 0.05 && check.whitePValue > 0.05, "seed \(seed): p \(check.whitePValue) / \(check.spaPValue)")
        }
        // The same search on the planted market is significant by every measure.
        let runner = PlantedMarket.runner(phi: 0.35)
        let study = Study(space: Self.space, constraint: nil, objective: .sharpe, sampler: GridSampler(), seed: 1, workers: 2)
        var unpruned = study
        unpruned.checkpoints = 0
        let trials = try unpruned.run(trials: 10, store: nil) { runner.trial($0, objective: .sharpe) }
        #expect(trials.allSatisfy { $0.state == .complete })
        let deflated = try #require(DeflatedSharpe(trialReturns: trials.map(\.returns)))
        #expect(deflated.isSignificant)
        let check = try RealityCheck(differentials: trials.map(\.returns), resamples: 500, seed: 1)
        #expect(check.spaPValue < 0.01 && check.whitePValue < 0.01, "p \(check.whitePValue) / \(check.spaPValue)")
        let returns = (0..<trials[0].returns.count).map { t in trials.map { $0.returns[t] } }
        let overfitting = try BacktestOverfitting(returns: returns, blocks: 10)
        #expect(overfitting.probability < 0.05)
    }

    @Test func hopelessTrialsArePrunedAndTheStudyStillFindsTheEdge() throws {
        let runner = PlantedMarket.runner(phi: 0.35)
        let space = try ParameterSpace(parsing: ["lag=1:10:1", "weight=0.5,0.95"])
        let study = Study(space: space, constraint: nil, objective: .sharpe, sampler: GridSampler(), seed: 5, workers: 2)
        let trials = try study.run(trials: 20, store: nil) { runner.trial($0, objective: .sharpe) }
        #expect(trials.count == 20)
        #expect(trials.count { $0.state == .pruned } >= 3)
        // A pruned trial stopped early: fewer checkpoints than a full run's four.
        #expect(trials.filter { $0.state == .pruned }.allSatisfy { $0.intermediate.count < 4 && $0.value == nil })
        #expect(Study.best(trials)?.parameters["lag"] == .integer(5))
    }
}
