public import Foundation
public import KumoML
import KumoCore
import Synchronization

/// The trained text scorer: five character CNNs on KumoML, trained from different seeds, whose
/// probabilities are averaged (one network alone varies by a few points with its seed). In each,
/// a character's features (``CharacterFeatures``) are projected to 48 numbers, a width-3
/// convolution with 128 filters reads them three characters at a time, a max over the headline
/// keeps each filter's strongest match, and a linear layer gives the three classes'
/// probabilities. Saved as kumo-model/1 folders (`member-1` …), like any Kumo model.
public final class SentimentModel: @unchecked Sendable {
    // @unchecked Sendable: trained on one thread, then read only.
    public let members: [Model]

    public init(members: [Model]) {
        precondition(!members.isEmpty, "a sentiment model has at least one member")
        self.members = members
    }

    /// The seeds of the shipped recipe's members.
    public static let seeds: [UInt64] = [1, 2, 3, 4, 5]

    /// The network's shape.
    public static func spec() -> ModelSpec {
        let (time, width) = (CharacterFeatures.length, CharacterFeatures.width)
        let json = """
            {"format": "kumo-model/1", "name": "sentiment-char-cnn", "input": {"time": \(time), "features": \(width)}, "layers": [
             {"op": "linear", "weights": "embed", "in_features": \(width), "out_features": 48},
             {"op": "conv1d", "weights": "conv", "in_channels": 48, "out_channels": 128, "kernel_size": 3, "padding": 1, "dilation": 1},
             {"op": "relu"}, {"op": "maxpool1d", "kernel_size": \(time)}, {"op": "last_step"},
             {"op": "linear", "weights": "head", "in_features": 128, "out_features": 3}, {"op": "softmax"}]}
            """
        return try! ModelSpec.parse(Data(json.utf8))  // written above to the format: always parses
    }

    /// How it is trained: Adam, cross-entropy, early stopping on a sixth of the training rows.
    public static let trainingJSON = """
        {"loss": "cross_entropy", "optimizer": {"type": "adamw", "lr": 0.003, "weight_decay": 0.01}, "batch_size": 32, "epochs": 60,
         "shuffle": true, "validation_split": 0.15, "patience": 12, "clip_grad_norm": 5.0, "seed": 7}
        """

    /// Trains one member per seed on `examples`, members in parallel on the cores.
    public static func train(_ examples: [SentimentCorpus.Example], seeds: [UInt64] = seeds) -> (model: SentimentModel, logs: [Trainer.Log]) {
        let slots = Mutex<[(model: Model, log: Trainer.Log)?]>(Array(repeating: nil, count: seeds.count))
        DispatchQueue.concurrentPerform(iterations: seeds.count) { index in
            let trained = member(examples, seed: seeds[index])
            slots.withLock { $0[index] = trained }
        }
        let trained = slots.withLock { $0.compactMap { $0 } }
        return (SentimentModel(members: trained.map(\.model)), trained.map(\.log))
    }

    /// One network trained on `examples` (shuffled by `seed` first, so the validation rows are a fair sample).
    static func member(_ examples: [SentimentCorpus.Example], seed: UInt64) -> (model: Model, log: Trainer.Log) {
        var random = SplitMix64(seed: seed)
        var order = Array(examples.indices)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(random.next() % UInt64(i + 1))) }
        let shuffled = order.map { examples[$0] }
        let x = input(shuffled.map(\.text))
        var config = try! TrainingConfig.parse(Data(trainingJSON.utf8))  // a fixed, valid configuration
        config.seed = seed
        let model = Model.initialized(spec(), seed: seed)
        let log = Trainer(model: model, config: config, workers: 1).run(x, .classes(shuffled.map { Int64($0.label.rawValue) }))
        return (model, log)
    }

    static func input(_ texts: [String]) -> Tensor {
        var data: [Float] = []
        data.reserveCapacity(texts.count * CharacterFeatures.length * CharacterFeatures.width)
        for text in texts { data += CharacterFeatures.encode(text) }
        return Tensor(shape: [texts.count, CharacterFeatures.length, CharacterFeatures.width], data: data)
    }

    /// Each text's probabilities of negative, neutral and positive, averaged over the members.
    public func probabilities(_ texts: [String]) -> [[Double]] {
        guard !texts.isEmpty else { return [] }
        let x = Self.input(texts)
        var sums = Array(repeating: [0.0, 0.0, 0.0], count: texts.count)
        for member in members {
            // The input is built to the spec's shape from finite features: predict cannot refuse it.
            let output = try! member.predict(x)
            for row in sums.indices { for k in 0..<3 { sums[row][k] += Double(output.data[row * 3 + k]) } }
        }
        let n = Double(members.count)
        return sums.map { $0.map { $0 / n } }
    }

    /// The tone of each text: P(positive) − P(negative), and the most probable class.
    public func score(_ texts: [String]) -> [(score: Double, label: SentimentLabel)] {
        probabilities(texts).map { p in
            let best = p.indices.max { p[$0] < p[$1] }!
            return (p[2] - p[0], SentimentLabel(rawValue: best)!)
        }
    }

    /// Writes each member to `folder/member-N`.
    public func save(to folder: URL) throws {
        for (index, member) in members.enumerated() { try member.save(to: folder.appendingPathComponent("member-\(index + 1)")) }
    }

    /// Reads the members in `folder` (`member-1`, `member-2`, … until one is missing).
    public static func load(_ folder: URL) throws(ModelFileError) -> SentimentModel {
        var members: [Model] = []
        let expected = spec()
        while FileManager.default.fileExists(atPath: folder.appendingPathComponent("member-\(members.count + 1)/model.json").path) {
            let model = try Model.load(folder.appendingPathComponent("member-\(members.count + 1)"))
            guard model.spec.time == expected.time, model.spec.features == expected.features else {
                throw ModelFileError(
                    file: "member-\(members.count + 1)/model.json", field: "input",
                    "takes (\(model.spec.time), \(model.spec.features)), not the sentiment model's (\(expected.time), \(expected.features))")
            }
            members.append(model)
        }
        guard !members.isEmpty else { throw ModelFileError(file: folder.lastPathComponent, field: "", "holds no member-1/model.json (kumo sentiment train writes one)") }
        return SentimentModel(members: members)
    }
}
