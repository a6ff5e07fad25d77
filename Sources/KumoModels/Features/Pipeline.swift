import Foundation
public import KumoML

/// Fits a model on a dataset's training samples (normaliser fitted on them only) and measures it on
/// others: the one path `kumo ml train NAME`, retraining and the tests use.
public enum Pipeline {
    /// Trains a fresh model of `spec` (seeded by the config) on `train`; returns it with its normaliser.
    public static func fit(
        _ dataset: Dataset, spec: ModelSpec, config: TrainingConfig, train: [Int], normalizer kind: Normalizer.Kind,
        progress: ((Int, Int, Float) -> Void)? = nil
    ) -> (model: Model, normalizer: Normalizer, log: Trainer.Log) {
        let normalizer = dataset.normalizer(kind, fittedOn: train)
        let model = Model.initialized(spec, seed: config.seed)
        let log = Trainer(model: model, config: config).run(dataset.inputs(train, normalizer), dataset.targets(train), progress: progress)
        return (model, normalizer, log)
    }

    /// The model's outputs on `indices`: one value per sample (regression) or class probabilities.
    public static func predict(_ model: Model, _ normalizer: Normalizer, _ dataset: Dataset, _ indices: [Int]) -> [[Double]] {
        guard !indices.isEmpty else { return [] }
        // The dataset holds only finite, complete windows of the model's shape.
        let output = try! model.predict(dataset.inputs(indices, normalizer))
        let width = output.count / indices.count
        return (0..<indices.count).map { i in output.data[i * width..<(i + 1) * width].map(Double.init) }
    }

    /// Metrics of the model on `indices`.
    public static func evaluate(_ model: Model, _ normalizer: Normalizer, _ dataset: Dataset, _ indices: [Int]) -> ModelMetrics {
        let outputs = predict(model, normalizer, dataset, indices)
        if dataset.label.isClassification {
            var probabilities = outputs
            if !(model.layers.last is Softmax) {
                probabilities = outputs.map { row in
                    let top = row.max() ?? 0
                    let e = row.map { exp($0 - top) }
                    let sum = e.reduce(0, +)
                    return e.map { $0 / sum }
                }
            }
            let returns = indices.map { index -> Double in
                let sample = dataset.samples[index]
                return sample.label - 1
            }
            return ModelMetrics(probabilities: probabilities, labels: indices.map { Int(dataset.samples[$0].label) }, returns: returns)
        }
        return ModelMetrics(predictions: outputs.map { $0[0] }, labels: indices.map { dataset.samples[$0].label })
    }
}
