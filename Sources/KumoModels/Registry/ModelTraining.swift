public import Foundation
public import KumoCore
public import KumoML
public import KumoSentiment

/// Training a registered model from bars: the recipe's dataset, a purged hold-out of the newest
/// samples, the fit, the hold-out metrics, drift baselines and a new candidate version; and
/// retraining, which promotes the new version only when it beats production on the same hold-out.
public enum ModelTraining {
    public struct Outcome: Sendable {
        public var version: ModelVersion
        public var log: Trainer.Log
        public var holdout: ModelMetrics
    }

    /// The dataset and its hold-out fold for `recipe` over `series` (`sentiment` features read `sentiment`).
    public static func prepare(_ recipe: ModelRecipe, _ series: [(symbol: Symbol, bars: [Bar])], sentiment: SentimentBook? = nil) throws -> (Dataset, WalkForward.Fold) {
        let dataset = Dataset(series: series, features: recipe.features, label: recipe.label, time: recipe.spec.time, sentiment: sentiment)
        guard let fold = WalkForward.folds(dataset, folds: 1, testShare: recipe.testShare).first, !fold.train.isEmpty, !fold.test.isEmpty else {
            throw ModelRegistry.Failure("\(dataset.samples.count) samples are too few to train and hold out \(Int(recipe.testShare * 100))% (\(recipe.spec.time)-bar windows, \(recipe.label.horizon)-bar labels)")
        }
        return (dataset, fold)
    }

    /// Trains `recipe` on `series` and registers the result as a candidate of `name`.
    public static func train(
        name: String, recipe: ModelRecipe, series: [(symbol: Symbol, bars: [Bar])], registry: ModelRegistry, sentiment: SentimentBook? = nil,
        progress: ((Int, Int, Float) -> Void)? = nil
    ) throws -> Outcome {
        let (dataset, fold) = try prepare(recipe, series, sentiment: sentiment)
        let fitted = Pipeline.fit(dataset, spec: recipe.spec, config: recipe.training, train: fold.train, normalizer: recipe.normalizer, progress: progress)
        let holdout = Pipeline.evaluate(fitted.model, fitted.normalizer, dataset, fold.test)
        let baselines = self.baselines(dataset, fold.train, fitted.model, fitted.normalizer)
        let times = fold.train.map { dataset.samples[$0].time }
        let version = try registry.register(
            name: name, model: fitted.model, normalizer: fitted.normalizer, recipe: recipe.jsonData, baselines: baselines,
            data: (fingerprint(dataset, fold.train), times.min()?.isoDate(utcOffsetSeconds: KRXSessions.utcOffsetSeconds) ?? "",
                   times.max()?.isoDate(utcOffsetSeconds: KRXSessions.utcOffsetSeconds) ?? "", series.map(\.symbol.code), fold.train.count),
            metrics: holdout)
        return Outcome(version: version, log: fitted.log, holdout: holdout)
    }

    /// Trains a new version of `name` with its production recipe on `series`; promotes it when its
    /// hold-out IC beats production's on the same hold-out (ties: lower MSE). Returns both metrics.
    public static func retrain(name: String, series: [(symbol: Symbol, bars: [Bar])], registry: ModelRegistry, sentiment: SentimentBook? = nil) throws
        -> (outcome: Outcome, production: ModelMetrics, promoted: Bool)
    {
        guard let production = registry.version(name, at: .production) else { throw ModelRegistry.Failure("\(name) has no production version to beat") }
        let current = try registry.load(name, production.version)
        let outcome = try train(name: name, recipe: current.recipe, series: series, registry: registry, sentiment: sentiment)
        let (dataset, fold) = try prepare(current.recipe, series, sentiment: sentiment)
        let incumbent = Pipeline.evaluate(current.model, current.normalizer, dataset, fold.test)
        let better = outcome.holdout.informationCoefficient > incumbent.informationCoefficient
            || (outcome.holdout.informationCoefficient == incumbent.informationCoefficient && (outcome.holdout.mse ?? 0) < (incumbent.mse ?? 0))
        if better { try registry.promote(name, outcome.version.version) }
        return (outcome, incumbent, better)
    }

    /// Deciles of each feature (the last row of each training window) and of the training predictions.
    static func baselines(_ dataset: Dataset, _ train: [Int], _ model: Model, _ normalizer: Normalizer) -> DriftBaselines {
        var features: [String: DriftBaseline] = [:]
        for (j, feature) in dataset.features.enumerated() {
            features[feature.description] = DriftBaseline(training: train.map { dataset.samples[$0].window.last![j] })
        }
        let outputs = Pipeline.predict(model, normalizer, dataset, train)
        return DriftBaselines(features: features, prediction: DriftBaseline(training: outputs.map(signal)))
    }

    /// One number per output row: the value, or p(up) − p(down) for class probabilities.
    public static func signal(_ row: [Double]) -> Double { row.count == 1 ? row[0] : (row.last ?? 0) - (row.first ?? 0) }

    /// FNV-1a (64-bit) over the training inputs' and labels' bits, with the sample count.
    static func fingerprint(_ dataset: Dataset, _ indices: [Int]) -> String {
        var hash = FNV1a()
        for index in indices {
            let sample = dataset.samples[index]
            hash.add(UInt64(bitPattern: sample.time.nanoseconds))
            for row in sample.window { for value in row { hash.add(value.bitPattern) } }
            hash.add(sample.label.bitPattern)
        }
        return "fnv1a64:" + hash.hex + ":\(indices.count)"
    }
}
