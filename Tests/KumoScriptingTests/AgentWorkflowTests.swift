import Foundation
import Testing

/// The shipped agent recipes through `kumo` as a quant uses them: `kumo rl train` from the store
/// into the registry (progress, checkpoints, the held-out backtest recorded), promotion, and
/// `strategies/rl_agent.lua` trading a promoted agent through `ctx:act` in a backtest.
struct AgentWorkflowTests {
    func kumo(_ home: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try KumoProcess.run(arguments + ["--db", home.appendingPathComponent("kumo.sqlite").path], models: home.appendingPathComponent("models").path)
    }

    @Test func agentsTrainRegisterAndTradeThroughCtxAct() throws {
        let home = try TestPaths.temporaryFolder()
        let synth = try kumo(home, ["data", "synth", "--symbols", "2", "--days", "750", "--seed", "1"])
        #expect(synth.status == 0, "\(synth.output)")
        for (name, algorithm) in [("ppo_daily", "ppo"), ("dqn_daily", "dqn"), ("a2c_daily", "a2c")] {
            let trained = try kumo(home, ["rl", "train", name, "--config", "strategies/agents/\(name)/rl.json"])
            #expect(trained.status == 0, "\(trained.output)")
            #expect(trained.output.contains("\(name) v1 (candidate, \(algorithm))"), "\(trained.output)")
            #expect(trained.output.contains("backtest over the held-out range: return"), "\(trained.output)")
            let shown = try kumo(home, ["ml", "show", name])
            #expect(shown.output.contains("\"agent\" : \"\(algorithm)\"") && shown.output.contains("\"buy_and_hold_return\""), "\(shown.output)")
            let folder = home.appendingPathComponent("models/\(name)/v1")
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("agent.json").path))
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("value/model.json").path) == (algorithm != "dqn"), "a critic is stored for \(algorithm) only")
        }
        #expect(FileManager.default.fileExists(atPath: home.appendingPathComponent("rl-checkpoints/ppo_daily/step-51200/weights.safetensors").path), "ppo_daily checkpoints every 50,000 steps")

        let promoted = try kumo(home, ["ml", "promote", "ppo_daily", "1"])
        #expect(promoted.status == 0, "\(promoted.output)")
        let json = home.appendingPathComponent("agent.json")
        let backtest = try kumo(home, ["backtest", "strategies/rl_agent.lua", "--data", "SYN0001", "--model", "ppo_daily", "--param", "model=ppo_daily", "--json", json.path])
        #expect(backtest.status == 0, "\(backtest.output)")
        #expect(backtest.output.contains("ppo_daily v1 (production)") && backtest.output.contains("model          ppo_daily: "), "\(backtest.output)")
        let result = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as! [String: Any]
        #expect((result["fills"] as! [Any]).count > 20, "the agent trades")
    }

    @Test func aBadRecipeIsRefusedNamingItsField() throws {
        let home = try TestPaths.temporaryFolder()
        _ = try kumo(home, ["data", "synth", "--symbols", "1", "--days", "300", "--seed", "1"])
        let cases: [(String, String)] = [
            (#"{"algorithm": "ppo", "features": ["return:1"], "actions": {"levels": [-1, 0, 1]}, "train": {"to": "2024-06-30"}, "eval": {"from": "2024-07-01"}}"#,
             "actions.levels[0]"),
            (#"{"algorithm": "dqn", "features": ["return:1"], "actions": "continuous", "train": {"to": "2024-06-30"}, "eval": {"from": "2024-07-01"}}"#, "rl.json: actions:"),
            (#"{"algorithm": "ppo", "features": ["return:1"], "train": {"to": "2024-06-30"}, "eval": {"from": "2024-06-01"}}"#, "eval.from"),
            (#"{"algorithm": "ppo", "features": ["return:1"], "agent": {"epsilon": 1}, "train": {"to": "2024-06-30"}, "eval": {"from": "2024-07-01"}}"#, "agent.epsilon"),
            (#"{"algorithm": "sarsa", "features": ["return:1"]}"#, "algorithm"),
        ]
        for (text, field) in cases {
            let file = home.appendingPathComponent("rl.json")
            try text.write(to: file, atomically: true, encoding: .utf8)
            let run = try kumo(home, ["rl", "train", "bad", "--config", file.path, "--data", "SYN0001"])
            #expect(run.status != 0)
            #expect(run.output.contains(field), "\(field): \(run.output)")
        }
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("models/bad").path), "nothing is registered")
    }
}
