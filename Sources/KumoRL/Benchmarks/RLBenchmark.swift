import Foundation
import KumoCore
import KumoData
import KumoEngine
import KumoModels

/// `kumo bench rl`: environment steps per second of 64 trading environments on daily bars
/// (random actions, one batch of 64 per step), and PPO's training throughput on them (samples
/// per second through rollouts and updates, as stable-baselines3 reports its fps). With
/// stable-baselines3 installed, the same shapes run there in the same invocation: a gymnasium
/// environment of the same observation and action sizes doing the same bookkeeping in numpy,
/// in a DummyVecEnv of 64, and PPO with the same settings.
public struct RLBenchmark: Sendable {
    public var seconds: Double
    public var compare: Bool

    public init(seconds: Double = 2, compare: Bool = true) {
        self.seconds = seconds
        self.compare = compare
    }

    static let environments = 64
    static let window = 10
    static let features = ["return:1", "return:5", "return:20", "rsi:14"]

    func environment(count: Int) throws -> TradingEnvironment {
        // 5,000 days of the synthetic market's daily bars from 2005.
        let (symbol, bars) = SyntheticMarket(seed: 17, symbols: 1, days: 5_000, start: CivilDate(year: 2005, month: 1, day: 3)!).dailyBars()[0]
        let specs = try Self.features.map { try FeatureSpec(parsing: $0) }
        let normalizer = Normalizer(kind: .zscore, fitting: TradingSeries.trainingRows(bars, features: specs))
        let series = try TradingSeries(symbol: symbol, market: .kospi, bars: bars, features: specs, normalizer: normalizer, window: Self.window)
        var settings = TradingSettings()
        settings.window = Self.window
        settings.actions = .levels([0, 0.5, 0.95])
        return try TradingEnvironment(series: [series], count: count, settings: settings)
    }

    public func run() throws -> [String: Double] {
        var figures: [String: Double] = [:]
        let environment = try environment(count: Self.environments)
        var random = RandomSource(seed: 5)
        let batches = (0..<256).map { _ in ActionBatch.discrete((0..<Self.environments).map { _ in random.index(below: 3) }) }
        for batch in batches.prefix(64) { environment.step(batch) }
        var steps = 0
        let start = Date()
        while Date().timeIntervalSince(start) < seconds {
            for batch in batches { environment.step(batch) }
            steps += batches.count * Self.environments
        }
        figures["env_steps_per_second"] = Double(steps) / Date().timeIntervalSince(start)

        var settings = ActorCriticSettings()
        settings.steps = 128
        settings.batchSize = 256
        settings.epochs = 10
        let agent = ActorCritic(observationSize: environment.observationSize, actionSpace: environment.actionSpace, settings: settings)
        let rollout = Self.environments * settings.steps
        let trained = agent.learn(environment, totalSteps: max(rollout * 3, Int(seconds * 20_000) / rollout * rollout))
        figures["ppo_samples_per_second"] = trained.stepsPerSecond

        if compare, let theirs = Self.stableBaselines(seconds: seconds) {
            for (key, value) in theirs { figures["sb3_" + key] = value }
            if let env = theirs["env_steps_per_second"], env > 0 { figures["env_speedup_vs_sb3"] = figures["env_steps_per_second"]! / env }
            if let ppo = theirs["ppo_samples_per_second"], ppo > 0 { figures["ppo_speedup_vs_sb3"] = figures["ppo_samples_per_second"]! / ppo }
        }
        return figures
    }

    /// stable-baselines3's figures for the same shapes, or nil when python3 or sb3 is missing.
    static func stableBaselines(seconds: Double) -> [String: Double]? {
        let script = """
            import json, sys, time
            import numpy as np
            import gymnasium as gym
            from stable_baselines3 import PPO
            from stable_baselines3.common.vec_env import DummyVecEnv

            class Trading(gym.Env):
                # The same observation (10 rows of 4 features + 3 account inputs) and 3 target weights;
                # fills at the next open with commission and sell tax, equity marked at the close.
                def __init__(self, seed):
                    rng = np.random.default_rng(seed)
                    steps = 5000
                    self.close = 50000 * np.exp(np.cumsum(0.015 * rng.standard_normal(steps)))
                    self.open = self.close * np.exp(0.002 * rng.standard_normal(steps))
                    self.features = rng.standard_normal((steps, 4)).astype(np.float32)
                    self.levels = np.array([0.0, 0.5, 0.95])
                    self.observation_space = gym.spaces.Box(-np.inf, np.inf, (43,), np.float32)
                    self.action_space = gym.spaces.Discrete(3)
                    self.rng = rng
                def _obs(self):
                    equity = self.cash + self.shares * self.close[self.t]
                    held = self.shares * self.close[self.t]
                    account = np.array([held / equity, self.cash / equity, (held - self.cost) / equity], np.float32)
                    return np.concatenate([self.features[self.t - 9:self.t + 1].ravel(), account])
                def reset(self, seed=None, options=None):
                    self.t = int(self.rng.integers(30, 5000 - 260))
                    self.cash, self.shares, self.cost, self.n = 1e7, 0, 0.0, 0
                    return self._obs(), {}
                def step(self, action):
                    before = self.cash + self.shares * self.close[self.t]
                    target = int(self.levels[action] * before / self.close[self.t])
                    change, price = target - self.shares, self.open[self.t + 1]
                    if change > 0 and change * price * 1.00015 <= self.cash:
                        self.cash -= change * price * 1.00015; self.shares += change; self.cost += change * price
                    elif change < 0:
                        q = -change; self.cost -= self.cost * q / self.shares
                        self.cash += q * price * (1 - 0.00015 - 0.002); self.shares -= q
                    self.t += 1; self.n += 1
                    after = self.cash + self.shares * self.close[self.t]
                    return self._obs(), float(np.log(after / before)), bool(after < 5e6), self.n >= 250, {}

            seconds = float(sys.argv[1])
            env = DummyVecEnv([lambda i=i: Trading(i) for i in range(64)])
            env.reset()
            actions = np.random.default_rng(5).integers(0, 3, (256, 64))
            steps, start = 0, time.perf_counter()
            while time.perf_counter() - start < seconds:
                for a in actions:
                    env.step(a)
                steps += 256 * 64
            env_rate = steps / (time.perf_counter() - start)
            model = PPO("MlpPolicy", env, n_steps=128, batch_size=256, n_epochs=10, device="cpu", verbose=0)
            start = time.perf_counter()
            model.learn(total_timesteps=64 * 128 * 2)
            ppo_rate = 64 * 128 * 2 / (time.perf_counter() - start)
            print(json.dumps({"env_steps_per_second": env_rate, "ppo_samples_per_second": ppo_rate}))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, String(seconds)]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let line = String(decoding: data, as: UTF8.self).split(separator: "\n").last,
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Double]
        else { return nil }
        return object
    }
}
