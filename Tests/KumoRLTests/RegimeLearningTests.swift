import Foundation
import KumoCore
import KumoEngine
import KumoModels
import KumoRL
import Testing

/// Every agent, trained on synthetic daily prices with a planted predictable regime (a hidden
/// up- or down-trend that persists about fifty days), beats buy-and-hold out of sample after
/// KRX costs and tax; on pure noise, with the turnover penalty, none trades itself to ruin.
/// Out-of-sample means a fresh path of the same process the agent never saw; the evaluation
/// runs the trading environment from the first bar to the last, which fills exactly as
/// `kumo backtest` does (TradingEnvironmentTests).
extension LearningTests {
struct RegimeLearningTests {
    static let features = try! ["return:1", "return:5", "return:20"].map { try FeatureSpec(parsing: $0) }
    static let window = 5
    static let levels = [0.0, 0.95]

    /// Weekday bars from 2012-01-02 (0.3% sell tax). With `regime`, the drift is ±0.4% a day and
    /// flips with probability 2% a day; without, the drift is zero. Daily volatility 1%.
    static func bars(count: Int, seed: UInt64, regime: Bool) -> [Bar] {
        var random = RandomSource(seed: seed)
        var date = CivilDate(year: 2012, month: 1, day: 2)!
        var close = 50_000.0
        var up = true
        return (0..<count).map { _ in
            while date.isWeekend { date = date.adding(days: 1) }
            defer { date = date.adding(days: 1) }
            if regime, random.uniform() < 0.02 { up.toggle() }
            let drift = regime ? (up ? 0.004 : -0.004) : 0
            let open = close * exp(0.001 * random.normal())
            close = open * exp(drift + 0.01 * random.normal())
            let high = max(open, close) * (1 + 0.003 * abs(random.normal())), low = min(open, close) * (1 - 0.003 * abs(random.normal()))
            return Bar(
                time: Timestamp(year: date.year, month: date.month, day: date.day, utcOffsetSeconds: 9 * 3600)!, open: Price(units: Int64(open.rounded())),
                high: Price(units: Int64(high.rounded(.up))), low: Price(units: Int64(low.rounded(.down))), close: Price(units: Int64(close.rounded())), volume: 1_000_000)
        }
    }

    struct Market {
        var train: TradingSeries
        var test: TradingSeries
    }

    static func market(regime: Bool, seed: UInt64) throws -> Market {
        let train = bars(count: 2_500, seed: seed, regime: regime), test = bars(count: 1_000, seed: seed &+ 1, regime: regime)
        let normalizer = Normalizer(kind: .zscore, fitting: TradingSeries.trainingRows(train, features: features))
        let symbol = Symbol("900001")!
        return Market(
            train: try TradingSeries(symbol: symbol, market: .kospi, bars: train, features: features, normalizer: normalizer, window: window),
            test: try TradingSeries(symbol: symbol, market: .kospi, bars: test, features: features, normalizer: normalizer, window: window))
    }

    static func settings(costPenalty: Double = 0) -> TradingSettings {
        var settings = TradingSettings()
        settings.window = window
        settings.actions = .levels(levels)
        settings.episodeLength = 250
        settings.reward = .logReturn
        settings.costPenalty = costPenalty
        return settings
    }

    /// The greedy policy run over the test path: final equity over the starting cash, and the value traded over it.
    static func evaluate(_ market: Market, act: ([Float]) -> Int) throws -> (growth: Double, turnover: Double) {
        let environment = try TradingEnvironment(series: [market.test], count: 1, settings: settings(), sequential: true)
        while true {
            environment.step(.discrete([act(environment.observations)]))
            if environment.ended(0) { break }
        }
        return (environment.finalEquity[0] / environment.initialCash, environment.tradedValue / environment.initialCash)
    }

    /// Buying ⌊95% of the cash / the first close⌋ shares at the next open, with commission, and holding them to the last close.
    static func buyAndHold(_ market: Market) -> Double {
        let bars = market.test.bars, first = market.test.first
        let cash = EngineConfiguration().cash
        let shares = Int64((0.95 * cash.doubleValue / bars[first].close.doubleValue).rounded(.down))
        let cost = Price(micros: bars[first + 1].open.micros * shares)
        let commission = EngineConfiguration().costs.costs(side: .buy, notional: cost, market: .kospi, settlementYear: 2012).commission
        let final = cash.micros - cost.micros - commission.micros + bars[market.test.last].close.micros * shares
        return Double(final) / Double(cash.micros)
    }

    static func trainPPO(_ market: Market, settings trading: TradingSettings, steps: Int, a2c: Bool = false) throws -> ActorCritic {
        let environment = try TradingEnvironment(series: [market.train], count: 16, settings: trading)
        var settings = a2c ? ActorCriticSettings.a2c : ActorCriticSettings()
        if !a2c {
            settings.steps = 128
            settings.batchSize = 256
            settings.epochs = 10
            settings.entropyCoefficient = 0.01
        }
        settings.gamma = 0.95
        settings.seed = 3
        let agent = ActorCritic(observationSize: environment.observationSize, actionSpace: environment.actionSpace, settings: settings)
        let progress = agent.learn(environment, totalSteps: steps)
        print("\(a2c ? "A2C" : "PPO"): \(progress.steps) steps, mean return \(progress.meanReturn ?? 0)")
        return agent
    }

    static func greedy(_ agent: ActorCritic) -> ([Float]) -> Int {
        { observation in
            guard case .discrete(let actions) = agent.act(observation, rows: 1) else { return 0 }
            return actions[0]
        }
    }

    @Test func ppoBeatsBuyAndHoldOnARegimeItHasNotSeen() throws {
        let market = try Self.market(regime: true, seed: 1)
        let agent = try Self.trainPPO(market, settings: Self.settings(), steps: 200_000)
        let outcome = try Self.evaluate(market, act: Self.greedy(agent))
        let hold = Self.buyAndHold(market)
        print("PPO out of sample: ×\(outcome.growth), turnover \(outcome.turnover); buy and hold ×\(hold)")
        #expect(outcome.growth > hold, "PPO ×\(outcome.growth) against buy-and-hold ×\(hold)")
    }

    static func trainDQN(_ market: Market, settings base: TradingSettings, steps: Int) throws -> DQN {
        var trading = base
        trading.rewardScale = 100
        let environment = try TradingEnvironment(series: [market.train], count: 16, settings: trading)
        var settings = DQNSettings()
        settings.learningRate = 2.5e-4
        settings.batchSize = 128
        settings.learningStarts = 10_000
        settings.targetUpdateInterval = 4_000
        settings.trainFrequency = 1
        settings.gradientSteps = 2
        settings.explorationFraction = 0.3
        settings.finalEpsilon = 0.01
        settings.nSteps = 5
        settings.gamma = 0.95
        settings.seed = 3
        let agent = DQN(observationSize: environment.observationSize, actions: Self.levels.count, settings: settings)
        let progress = agent.learn(environment, totalSteps: steps)
        print("DQN: \(progress.steps) steps, mean return \(progress.meanReturn ?? 0)")
        return agent
    }

    @Test func ppoWithAGaussianPolicyOverAContinuousWeightBeatsBuyAndHold() throws {
        let market = try Self.market(regime: true, seed: 1)
        var trading = Self.settings()
        trading.actions = .continuous
        let environment = try TradingEnvironment(series: [market.train], count: 16, settings: trading)
        var settings = ActorCriticSettings()
        settings.steps = 128
        settings.batchSize = 256
        settings.gamma = 0.95
        settings.initialLogStd = -0.5
        settings.seed = 3
        let agent = ActorCritic(observationSize: environment.observationSize, actionSpace: environment.actionSpace, settings: settings)
        agent.learn(environment, totalSteps: 200_000)
        // Weights near 1 would be refused on a gap up (target_percent sizes at the close); the evaluation caps them at 0.95.
        let evaluation = try TradingEnvironment(series: [market.test], count: 1, settings: trading, sequential: true)
        repeat {
            guard case .continuous(let weights) = agent.act(evaluation.observations, rows: 1) else { return }
            evaluation.step(.continuous([min(weights[0], 0.95)]))
        } while !evaluation.ended(0)
        let growth = evaluation.finalEquity[0] / evaluation.initialCash, hold = Self.buyAndHold(market)
        print("Gaussian PPO out of sample: ×\(growth), turnover \(evaluation.tradedValue / evaluation.initialCash); buy and hold ×\(hold)")
        #expect(growth > hold, "Gaussian PPO ×\(growth) against buy-and-hold ×\(hold)")
    }

    @Test func dqnBeatsBuyAndHoldOnARegimeItHasNotSeen() throws {
        let market = try Self.market(regime: true, seed: 1)
        // Near-equal Q-values of neighbouring levels flip the greedy choice bar to bar; a turnover penalty settles them.
        let agent = try Self.trainDQN(market, settings: Self.settings(costPenalty: 0.005), steps: 200_000)
        let outcome = try Self.evaluate(market) { agent.act($0, rows: 1)[0] }
        let hold = Self.buyAndHold(market)
        print("DQN out of sample: ×\(outcome.growth), turnover \(outcome.turnover); buy and hold ×\(hold)")
        #expect(outcome.growth > hold, "DQN ×\(outcome.growth) against buy-and-hold ×\(hold)")
    }

    @Test func a2cBeatsBuyAndHoldOnARegimeItHasNotSeen() throws {
        let market = try Self.market(regime: true, seed: 1)
        let agent = try Self.trainPPO(market, settings: Self.settings(), steps: 200_000, a2c: true)
        let outcome = try Self.evaluate(market, act: Self.greedy(agent))
        let hold = Self.buyAndHold(market)
        print("A2C out of sample: ×\(outcome.growth), turnover \(outcome.turnover); buy and hold ×\(hold)")
        #expect(outcome.growth > hold, "A2C ×\(outcome.growth) against buy-and-hold ×\(hold)")
    }

    @Test func a3cBeatsBuyAndHoldOnARegimeItHasNotSeen() throws {
        let market = try Self.market(regime: true, seed: 1)
        let trading = Self.settings()
        var settings = ActorCriticSettings.a2c
        settings.gamma = 0.95
        settings.seed = 3
        let probe = try TradingEnvironment(series: [market.train], count: 1, settings: trading)
        let a3c = A3C(observationSize: probe.observationSize, actionSpace: probe.actionSpace, settings: settings, workers: 2)
        let train = market.train
        let progress = a3c.learn(makeEnvironment: { worker in
            var own = trading
            own.seed = UInt64(worker + 10)
            return try! TradingEnvironment(series: [train], count: 8, settings: own)
        }, totalSteps: 200_000)
        let outcome = try Self.evaluate(market, act: Self.greedy(a3c.shared))
        let hold = Self.buyAndHold(market)
        print("A3C: \(progress.steps) steps, \(a3c.updateCount) updates; out of sample ×\(outcome.growth), turnover \(outcome.turnover); buy and hold ×\(hold)")
        #expect(a3c.updateCount >= 200_000 / (2 * 8 * 5) - 2, "both workers' updates reached the shared model")
        #expect(outcome.growth > hold, "A3C ×\(outcome.growth) against buy-and-hold ×\(hold)")
    }

    @Test func onPureNoiseTheTurnoverPenaltyKeepsEveryAgentFromTradingItselfToRuin() throws {
        let market = try Self.market(regime: false, seed: 5)
        let penalised = Self.settings(costPenalty: 0.02)
        let ppo = try Self.trainPPO(market, settings: penalised, steps: 100_000)
        let dqn = try Self.trainDQN(market, settings: penalised, steps: 100_000)
        let unpenalised = try Self.trainPPO(market, settings: Self.settings(), steps: 100_000)
        var random = RandomSource(seed: 9)
        let churn = try Self.evaluate(market) { _ in random.index(below: Self.levels.count) }
        let outcomes = [("PPO", try Self.evaluate(market, act: Self.greedy(ppo))), ("DQN", try Self.evaluate(market) { dqn.act($0, rows: 1)[0] })]
        let free = try Self.evaluate(market, act: Self.greedy(unpenalised))
        print("noise: random ×\(churn.growth) turnover \(churn.turnover); unpenalised PPO ×\(free.growth) turnover \(free.turnover); " + outcomes.map { "\($0.0) ×\($0.1.growth) turnover \($0.1.turnover)" }.joined(separator: "; "))
        #expect(outcomes[0].1.turnover < free.turnover / 5, "the penalty cut PPO's turnover from \(free.turnover) to \(outcomes[0].1.turnover)")
        for (name, outcome) in outcomes {
            #expect(outcome.growth > Self.settings().ruin, "\(name) kept \(outcome.growth) of its cash on noise")
            #expect(outcome.turnover < churn.turnover / 10, "\(name) traded \(outcome.turnover)× its cash; a random policy \(churn.turnover)×")
        }
    }
}
}
