import ArgumentParser
import Foundation
import KumoML

/// `kumo ml`: models in the host — predict and train on safetensors files, and the registry.
struct MLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ml", abstract: "Run, train and manage models (kumo-model/1 folders, safetensors data).",
        subcommands: [
            MLPredictCommand.self, MLTrainCommand.self, MLListCommand.self, MLShowCommand.self, MLEvalCommand.self,
            MLPromoteCommand.self, MLRollbackCommand.self, MLRetrainCommand.self, MLImportCommand.self, MLEnsembleCommand.self,
        ])
}

/// `kumo ml predict MODEL_DIR --input IN.safetensors --output OUT.safetensors`.
struct MLPredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict", abstract: "Run a model on tensor `input` (batch, time, features); write tensor `output`.")

    @Argument(help: "A kumo-model/1 folder (model.json + weights.safetensors).") var model: String
    @Option(help: "A safetensors file holding `input`.") var input: String
    @Option(help: "Where to write a safetensors file holding `output`.") var output: String

    func run() throws {
        let loaded = try MLFiles.model(model)
        let tensors = try MLFiles.tensors(input)
        guard let stored = tensors["input"] else { throw ValidationError("\(input): no tensor named 'input' (it has: \(tensors.keys.sorted().joined(separator: ", ")))") }
        guard case .float32(let x) = stored else { throw ValidationError("\(input): input: is \(stored.dtype), not F32") }
        let result: Tensor
        do { result = try loaded.predict(x) } catch { throw ValidationError("\(input): \(error.description)") }
        try SafeTensors.write(["output": .float32(result)], to: URL(fileURLWithPath: output))
        print("\(loaded.spec.name): \(x.shape) → \(result.shape), written to \(output)")
    }
}

/// `kumo ml train MODEL_DIR --data DATA.safetensors --config TRAIN.json --out DIR`, or
/// `kumo ml train NAME --config RECIPE.json [--data SYMBOL…]` from the data store into the registry.
struct MLTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train a model folder on tensors x, y (with --out), or a registry model NAME from stored bars by a recipe.",
        discussion: """
            With --out: MODEL_DIR needs model.json; its weights.safetensors, when present, are the starting point, else PyTorch's default \
            initialisation from the config's seed. --data names a safetensors file with x (n, time, features) and y ((n, k) values or (n) \
            class indices). Writes DIR/model.json, DIR/weights.safetensors and DIR/train-log.json (`loss`: each step's batch loss before its update).
            Without --out: MODEL is a registry name, --config a recipe.json, --data the stored symbols (default: the recipe's); the trained \
            version is registered as a candidate with its hold-out metrics.
            """)

    @Argument(help: "A kumo-model/1 folder, or a registry name.") var model: String
    @Option(help: "A safetensors file holding `x` and `y` (folder mode), or stored symbols (registry mode); repeatable.") var data: [String] = []
    @Option(help: "A train.json (folder mode) or a recipe.json (registry mode).") var config: String
    @Option(help: "The folder to write the trained model and its log into (folder mode).") var out: String?
    @OptionGroup var options: RegistryOptions

    func run() throws {
        guard let out else {
            try RegistryTraining.run(name: model, config: config, symbols: data, options: options)
            return
        }
        guard data.count == 1, let data = data.first else { throw ValidationError("--data names one safetensors file with x and y") }
        let folder = URL(fileURLWithPath: model)
        let settings: TrainingConfig
        do { settings = try TrainingConfig.read(URL(fileURLWithPath: config)) } catch { throw ValidationError(error.description) }
        let start: Model
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("weights.safetensors").path) {
            start = try MLFiles.model(model)
        } else {
            do { start = Model.initialized(try ModelSpec.read(folder.appendingPathComponent("model.json")), seed: settings.seed) } catch {
                throw ValidationError("\(model)/\(error.description)")
            }
        }
        let tensors = try MLFiles.tensors(data)
        guard case .float32(let x)? = tensors["x"] else { throw ValidationError("\(data): x: must be an F32 tensor (n, time, features)") }
        guard x.rank == 3, x.shape[1] == start.spec.time, x.shape[2] == start.spec.features else {
            throw ValidationError("\(data): x: has shape \(x.shape); \(start.spec.name) takes (n, \(start.spec.time), \(start.spec.features))")
        }
        guard x.isFinite else { throw ValidationError("\(data): x: holds NaN or infinite values") }
        guard x.shape[0] - Int(Double(x.shape[0]) * settings.validationSplit) > 0 else {
            throw ValidationError("\(data): x: \(x.shape[0]) rows leave none to train on after the validation split")
        }
        let targets: Targets
        switch tensors["y"] {
        case .float32(let y)?:
            guard y.shape.first == x.shape[0], y.count / max(x.shape[0], 1) == start.spec.outputSize else {
                throw ValidationError("\(data): y: has shape \(y.shape); expected (\(x.shape[0]), \(start.spec.outputSize))")
            }
            guard y.isFinite else { throw ValidationError("\(data): y: holds NaN or infinite values") }
            targets = .values(y)
        case .int64(let shape, let values)?:
            guard shape == [x.shape[0]], values.allSatisfy({ $0 >= 0 && $0 < Int64(start.spec.outputSize) }) else {
                throw ValidationError("\(data): y: class labels must be (\(x.shape[0])) integers in 0..<\(start.spec.outputSize)")
            }
            targets = .classes(values)
        case nil: throw ValidationError("\(data): no tensor named 'y'")
        }
        if case .classes = targets, settings.loss != .crossEntropy { throw ValidationError("\(config): loss: class labels need cross_entropy") }
        if case .values = targets, settings.loss == .crossEntropy { throw ValidationError("\(config): loss: cross_entropy needs I64 class labels in y") }
        let bar = ProgressBar(label: "train")
        let trainer = Trainer(model: start, config: settings)
        let samplesPerStep = Double(settings.batchSize)
        let log = trainer.run(x, targets) { step, total, loss in
            let rate = Double(step) * samplesPerStep / max(Date().timeIntervalSince(bar.start), 1e-6)
            bar.update(step, of: total, detail: String(format: "loss %.6g, %.0f samples/s", loss, rate))
        }
        let output = URL(fileURLWithPath: out)
        try start.save(to: output)
        var record: [String: Any] = ["loss": log.loss.map(Double.init), "samples_per_s": log.samplesPerSecond]
        if !log.validationLoss.isEmpty {
            record["validation_loss"] = log.validationLoss.map(Double.init)
            record["stopped_early"] = log.stoppedEarly
        }
        try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys, .prettyPrinted]).write(to: output.appendingPathComponent("train-log.json"))
        print("\(start.spec.name): \(log.loss.count) steps, loss \(log.loss.first ?? 0) → \(log.loss.last ?? 0), \(Int(log.samplesPerSecond)) samples/s; written to \(out)")
    }
}

/// Reading model folders and tensor files for the commands, errors as the trader reads them.
enum MLFiles {
    static func model(_ path: String) throws -> Model {
        do { return try Model.load(URL(fileURLWithPath: path)) } catch { throw ValidationError("\(path)/\(error.description)") }
    }

    static func tensors(_ path: String) throws -> [String: SafeTensors.Stored] {
        do { return try SafeTensors.read(URL(fileURLWithPath: path)) } catch { throw ValidationError(error.description) }
    }
}
