import Foundation
import KumoCore
import KumoData
import KumoML
import KumoModels
import Testing

/// The shipped model recipes through `kumo` as a quant uses it: train from the store into the
/// registry, promote, ensemble, evaluate, retrain, roll back, and a strategy trading on
/// `ctx:predict` in a backtest.
struct ModelWorkflowTests {
    func kumo(_ home: URL, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try KumoProcess.run(arguments + ["--db", home.appendingPathComponent("kumo.sqlite").path], models: home.appendingPathComponent("models").path)
    }

    @Test func dailyRecipesTrainAndAStrategyTradesOnTheirForecasts() throws {
        let home = try TestPaths.temporaryFolder()
        let synth = try kumo(home, ["data", "synth", "--symbols", "2", "--days", "750", "--seed", "1"])
        #expect(synth.status == 0, "\(synth.output)")
        for name in ["cnn_swing", "transformer_medium", "gru_daily"] {
            let trained = try kumo(home, ["ml", "train", name, "--config", "strategies/models/\(name)/recipe.json"])
            #expect(trained.status == 0, "\(trained.output)")
            #expect(trained.output.contains("\(name) v1 (candidate)"), "\(trained.output)")
            let promoted = try kumo(home, ["ml", "promote", name, "1"])
            #expect(promoted.status == 0)
        }
        let cnn = try kumo(home, ["ml", "show", "cnn_swing"])
        #expect(cnn.output.contains("\"accuracy\"") && cnn.output.contains("\"f1\"") && cnn.output.contains("\"stage\" : \"production\""), "\(cnn.output)")
        #expect(cnn.output.contains("\"backtest\"") && cnn.output.contains("\"sharpe\""), "the signal backtest is recorded: \(cnn.output)")

        let ensemble = try kumo(home, ["ml", "ensemble", "medium_ensemble", "transformer_medium@1", "gru_daily@1", "--method", "stacked"])
        #expect(ensemble.status == 0, "\(ensemble.output)")
        let promotedEnsemble = try kumo(home, ["ml", "promote", "medium_ensemble", "1"])
        #expect(promotedEnsemble.status == 0)

        let evaluation = try kumo(home, ["ml", "eval", "transformer_medium"])
        #expect(evaluation.output.contains("psi return:1"), "\(evaluation.output)")
        #expect(evaluation.output.contains("drift: none over 0.2") || evaluation.output.contains("drift ALERT: "), "\(evaluation.output)")

        // Retraining on the same data gives the same model: it does not beat production, so it stays a candidate.
        let retrain = try kumo(home, ["ml", "retrain", "gru_daily"])
        #expect(retrain.output.contains("kept v1; v2 stays a candidate"), "\(retrain.output)")
        let promotedSecond = try kumo(home, ["ml", "promote", "gru_daily", "2"])
        #expect(promotedSecond.status == 0)
        let rollback = try kumo(home, ["ml", "rollback", "gru_daily"])
        #expect(rollback.output.contains("gru_daily v1 is production again"), "\(rollback.output)")

        let list = try kumo(home, ["ml", "list"])
        #expect(list.output.contains("gru_daily\tv2\tarchived"), "\(list.output)")
        #expect(list.output.contains("medium_ensemble\tv1\tproduction\tensemble stacked"))

        for model in ["transformer_medium", "medium_ensemble", "cnn_swing"] {
            let json = home.appendingPathComponent("\(model).json")
            let backtest = try kumo(home, [
                "backtest", "strategies/ml_trend.lua", "--data", "SYN0001", "--data", "SYN0002", "--model", model, "--param", "model=\(model)", "--json", json.path,
            ])
            #expect(backtest.status == 0, "\(model): \(backtest.output)")
            let result = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as! [String: Any]
            #expect(!(result["fills"] as! [Any]).isEmpty, "\(model) traded nothing")
        }
        // A shadow runs beside production in the backtest; its comparison is printed and recorded.
        let shadow = try kumo(home, ["ml", "promote", "gru_daily", "2", "--shadow"])
        #expect(shadow.output.contains("gru_daily v2 is now shadow"), "\(shadow.output)")
        let shadowed = try kumo(home, ["backtest", "strategies/ml_trend.lua", "--data", "SYN0001", "--data", "SYN0002", "--model", "gru_daily", "--param", "model=gru_daily"])
        #expect(shadowed.output.contains("shadow         gru_daily v2: IC"), "\(shadowed.output)")
        #expect(shadowed.output.contains("model          gru_daily: "))
        let comparison = home.appendingPathComponent("models/gru_daily/v2/shadow-comparison.json")
        let recorded = try JSONSerialization.jsonObject(with: Data(contentsOf: comparison)) as! [String: Any]
        #expect((recorded["samples"] as! Int) > 500)
        #expect(FileManager.default.fileExists(atPath: home.appendingPathComponent("models/gru_daily/v2/shadow-log.jsonl").path))

        let unknown = try kumo(home, ["backtest", "strategies/ml_trend.lua", "--data", "SYN0001", "--model", "nothing"])
        #expect(unknown.output.contains("model 'nothing' has no production version"), "\(unknown.output)")
    }

    @Test func theMinuteLSTMRecipeTrains() throws {
        var recipe = try ModelRecipe.read(TestPaths.strategies.appendingPathComponent("models/lstm_day/recipe.json"))
        recipe.training.epochs = 1  // seconds in a debug build; the shipped two epochs are for real runs
        let series = SyntheticMarket(seed: 3, symbols: 2, days: 2).minuteBars()
        let registry = ModelRegistry(root: try TestPaths.temporaryFolder())
        let outcome = try ModelTraining.train(name: "lstm_day", recipe: recipe, series: series, registry: registry)
        #expect(outcome.version.version == 1)
        #expect(outcome.holdout.samples > 100)
        #expect(outcome.log.loss.allSatisfy { $0.isFinite })
        let loaded = try registry.load("lstm_day", 1)
        #expect(loaded.model.spec.name == "lstm_day" && loaded.recipe.features.count == 5)
    }
}

extension ModelWorkflowTests {
    static let reference = TestPaths.shared.appendingPathComponent("reference/ml")

    @Test func predictAndTrainFilesReproducePyTorch() throws {
        let folder = try TestPaths.temporaryFolder()
        let output = folder.appendingPathComponent("out.safetensors")
        let lstm = Self.reference.appendingPathComponent("lstm")
        let predicted = try KumoProcess.run([
            "ml", "predict", lstm.path, "--input", lstm.appendingPathComponent("forward.safetensors").path, "--output", output.path,
        ])
        #expect(predicted.status == 0, "\(predicted.output)")
        guard case .float32(let ours)? = try SafeTensors.read(output)["output"],
            case .float32(let theirs)? = try SafeTensors.read(lstm.appendingPathComponent("forward.safetensors"))["output"]
        else { throw TestFailure("no output tensor") }
        #expect(ours.maxAbsDifference(theirs) <= 1e-5)

        let cnn = Self.reference.appendingPathComponent("cnn")
        let trained = folder.appendingPathComponent("cnn-trained")
        let run = try KumoProcess.run([
            "ml", "train", cnn.path, "--data", cnn.appendingPathComponent("train-data.safetensors").path, "--config",
            cnn.appendingPathComponent("train.json").path, "--out", trained.path,
        ])
        #expect(run.status == 0, "\(run.output)")
        let log = try JSONSerialization.jsonObject(with: Data(contentsOf: trained.appendingPathComponent("train-log.json"))) as! [String: Any]
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: cnn.appendingPathComponent("train-losses.json"))) as! [String: [Double]]
        let losses = log["loss"] as! [Double]
        #expect(losses.count == expected["loss"]!.count)
        for (a, b) in zip(losses, expected["loss"]!) { #expect(abs(a - b) <= 1e-4 * abs(b)) }
        let final = try SafeTensors.read(cnn.appendingPathComponent("train-final-weights.safetensors"))
        for (name, stored) in try SafeTensors.read(trained.appendingPathComponent("weights.safetensors")) {
            guard case .float32(let mine) = stored, case .float32(let reference)? = final[name] else { throw TestFailure("\(name) missing") }
            #expect(mine.maxAbsDifference(reference) <= 5e-4, "\(name)")
        }

        let bad = try KumoProcess.run(["ml", "predict", lstm.path, "--input", cnn.appendingPathComponent("train-data.safetensors").path, "--output", output.path])
        #expect(bad.status != 0)
        #expect(bad.output.contains("no tensor named 'input' (it has: x, y)"), "\(bad.output)")
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
