public import Foundation
public import KumoML

/// Everything needed to (re)train a model from the data store: the spec, the features and label,
/// the window, the normaliser, the training settings, the data and the hold-out. One JSON file
/// (`recipe.json`) whose `spec` and `train` are the kumo-model/1 and train.json formats.
public struct ModelRecipe: Sendable {
    public var spec: ModelSpec
    public var features: [FeatureSpec]
    public var label: LabelSpec
    public var normalizer: Normalizer.Kind
    public var training: TrainingConfig
    public var symbols: [String]
    public var timeframe: String
    /// The share of the newest samples held out to evaluate (and to stop early on).
    public var testShare: Double
    /// The recipe as read, with the spec inlined.
    var json: Data

    public static func read(_ url: URL) throws(ModelFileError) -> ModelRecipe {
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw ModelFileError(file: url.lastPathComponent, field: "", "cannot be read: \(error.localizedDescription)") }
        return try parse(data, file: url.lastPathComponent, folder: url.deletingLastPathComponent())
    }

    /// Parses a recipe; `spec` may be an object or a path relative to `folder`.
    public static func parse(_ data: Data, file: String, folder: URL) throws(ModelFileError) -> ModelRecipe {
        func fail(_ field: String, _ message: String) -> ModelFileError { ModelFileError(file: file, field: field, message) }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw fail("", "is not a JSON object") }
        let spec: ModelSpec
        switch object["spec"] {
        case let path as String: spec = try ModelSpec.read(folder.appendingPathComponent(path))
        case let inline as [String: Any]:
            guard let specData = try? JSONSerialization.data(withJSONObject: inline) else { throw fail("spec", "is not JSON") }
            do { spec = try ModelSpec.parse(specData, file: "\(file) spec") } catch { throw fail("spec", error.description) }
        default: throw fail("spec", "must be a kumo-model/1 object or a path to one")
        }
        guard let names = object["features"] as? [String], !names.isEmpty else { throw fail("features", "must be a non-empty list of feature names") }
        var features: [FeatureSpec] = []
        for (index, name) in names.enumerated() {
            do { features.append(try FeatureSpec(parsing: name)) } catch { throw fail("features[\(index)]", error.description) }
        }
        guard features.count == spec.features else { throw fail("features", "lists \(features.count) features; the spec's input has \(spec.features)") }
        guard let label = object["label"] as? [String: Any], let kind = label["kind"] as? String, let horizon = label["horizon"] as? Int, horizon > 0 else {
            throw fail("label", "must be {kind: forward_return|direction, horizon: bars[, threshold]}")
        }
        let labelSpec: LabelSpec
        switch kind {
        case "forward_return":
            guard spec.outputSize == 1 else { throw fail("label.kind", "forward_return needs one output; the spec has \(spec.outputSize)") }
            labelSpec = .forwardReturn(horizon: horizon)
        case "direction":
            guard spec.outputSize == 3 else { throw fail("label.kind", "direction needs three outputs (down, flat, up); the spec has \(spec.outputSize)") }
            labelSpec = .direction(horizon: horizon, threshold: label["threshold"] as? Double ?? 0)
        default: throw fail("label.kind", "'\(kind)' is not forward_return or direction")
        }
        let normalizerName = object["normalizer"] as? String ?? "zscore"
        guard let normalizer = Normalizer.Kind(rawValue: normalizerName) else { throw fail("normalizer", "'\(normalizerName)' is not minmax, zscore or robust") }
        guard let trainObject = object["train"] as? [String: Any], let trainData = try? JSONSerialization.data(withJSONObject: trainObject) else {
            throw fail("train", "must be a train.json object")
        }
        let training: TrainingConfig
        do { training = try TrainingConfig.parse(trainData, file: "\(file) train") } catch { throw fail("train", error.description) }
        if labelSpec.isClassification != (training.loss == .crossEntropy) { throw fail("train.loss", "a direction label trains with cross_entropy, a forward return with mse or huber") }
        let source = object["data"] as? [String: Any] ?? [:]
        let testShare = source["test_share"] as? Double ?? 0.2
        guard testShare > 0, testShare < 1 else { throw fail("data.test_share", "must be in (0, 1)") }
        var inlined = object
        inlined["spec"] = try? JSONSerialization.jsonObject(with: spec.json())
        let json = (try? JSONSerialization.data(withJSONObject: inlined, options: [.prettyPrinted, .sortedKeys])) ?? data
        return ModelRecipe(
            spec: spec, features: features, label: labelSpec, normalizer: normalizer, training: training, symbols: source["symbols"] as? [String] ?? [],
            timeframe: source["timeframe"] as? String ?? "1d", testShare: testShare, json: json)
    }

    /// The recipe as JSON, its spec inlined (what a version folder keeps as `recipe.json`).
    public var jsonData: Data { json }
}
