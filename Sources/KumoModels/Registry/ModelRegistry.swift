public import Foundation
public import KumoML

/// A model version's record (`meta.json`): its stage, where its training data came from, and
/// how it measured on the hold-out.
public struct ModelVersion: Sendable, Hashable, Codable {
    public enum Stage: String, Sendable, Hashable, Codable, CaseIterable { case candidate, production, shadow, archived }

    public var name: String
    public var version: Int
    public var stage: Stage
    public var created: String
    /// SHA-256 of the training inputs and labels, and the time range and symbols they cover.
    public var dataFingerprint: String
    public var dataFrom: String
    public var dataTo: String
    public var symbols: [String]
    public var trainSamples: Int
    public var metrics: ModelMetrics?
    /// The backtest of the model's signal through the engine, when run: total return, Sharpe, trades.
    public var backtest: [String: Double]?
    /// Members, for an ensemble: "name@version" and the combination.
    public var ensemble: EnsembleSpec?
    /// The algorithm, for a reinforcement-learning agent (its `agent.json` says how it acts).
    public var agent: String?

    enum CodingKeys: String, CodingKey {
        case name, version, stage, created, dataFingerprint = "data_fingerprint", dataFrom = "data_from", dataTo = "data_to", symbols
        case trainSamples = "train_samples", metrics, backtest, ensemble, agent
    }
}

/// Models under `$KUMO_HOME/models/NAME/VERSION/`: spec, weights, normaliser, recipe (features,
/// label, training), the drift baselines and `meta.json`. Stages move by promote (the old
/// production is archived), shadow, and rollback (the previous production returns).
public struct ModelRegistry: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root }

    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    func folder(_ name: String) -> URL { root.appendingPathComponent(name) }
    func folder(_ name: String, _ version: Int) -> URL { folder(name).appendingPathComponent("v\(version)") }

    /// Model names, sorted.
    public func names() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []).filter { !versions($0).isEmpty }.sorted()
    }

    /// Every version of `name`, oldest first.
    public func versions(_ name: String) -> [ModelVersion] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder(name).path)) ?? []
        return entries.compactMap { entry -> ModelVersion? in
            guard entry.hasPrefix("v"), let number = Int(entry.dropFirst()) else { return nil }
            return try? meta(name, number)
        }.sorted { $0.version < $1.version }
    }

    public func meta(_ name: String, _ version: Int) throws -> ModelVersion {
        let url = folder(name, version).appendingPathComponent("meta.json")
        guard let data = try? Data(contentsOf: url) else { throw Failure("no model \(name) version \(version)") }
        do { return try JSONDecoder().decode(ModelVersion.self, from: data) } catch { throw Failure("\(url.path): \(error)") }
    }

    func write(_ meta: ModelVersion) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(meta).write(to: folder(meta.name, meta.version).appendingPathComponent("meta.json"), options: .atomic)
    }

    /// The version at `stage` (the newest, for stages several may hold).
    public func version(_ name: String, at stage: ModelVersion.Stage) -> ModelVersion? { versions(name).last { $0.stage == stage } }

    /// Stores a trained model as the next version of `name`, a candidate.
    @discardableResult
    public func register(
        name: String, model: Model?, normalizer: Normalizer?, recipe: Data?, baselines: DriftBaselines?, data: (fingerprint: String, from: String, to: String, symbols: [String], samples: Int),
        metrics: ModelMetrics?, ensemble: EnsembleSpec? = nil, agent: (spec: AgentSpec, value: Model?)? = nil
    ) throws -> ModelVersion {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            throw Failure("model name '\(name)' may hold letters, digits, _ and - only")
        }
        let number = (versions(name).last?.version ?? 0) + 1
        let target = folder(name, number)
        let staging = folder(name).appendingPathComponent(".v\(number)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        if let model { try model.save(to: staging) }
        if let normalizer { try normalizer.write(to: staging.appendingPathComponent("normalizer.json")) }
        if let recipe { try recipe.write(to: staging.appendingPathComponent("recipe.json")) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        if let baselines { try encoder.encode(baselines).write(to: staging.appendingPathComponent("drift.json")) }
        if let agent {
            try encoder.encode(agent.spec).write(to: staging.appendingPathComponent("agent.json"))
            try agent.value?.save(to: staging.appendingPathComponent("value"))
        }
        let meta = ModelVersion(
            name: name, version: number, stage: .candidate, created: ISO8601DateFormatter().string(from: Date()), dataFingerprint: data.fingerprint,
            dataFrom: data.from, dataTo: data.to, symbols: data.symbols, trainSamples: data.samples, metrics: metrics, backtest: nil, ensemble: ensemble,
            agent: agent?.spec.algorithm)
        try encoder.encode(meta).write(to: staging.appendingPathComponent("meta.json"))
        // The folder appears whole or not at all.
        try FileManager.default.moveItem(at: staging, to: target)
        return meta
    }

    /// Makes `version` production; the current production is archived and remembered for rollback.
    public func promote(_ name: String, _ version: Int) throws {
        var target = try meta(name, version)
        guard target.stage != .production else { throw Failure("\(name) v\(version) is already production") }
        if var current = self.version(name, at: .production) {
            current.stage = .archived
            try write(current)
            try appendHistory(name, "v\(current.version)")
        }
        target.stage = .production
        try write(target)
    }

    /// Runs `version` beside production as its shadow (the previous shadow becomes a candidate again).
    public func shadow(_ name: String, _ version: Int) throws {
        var target = try meta(name, version)
        guard target.stage != .production else { throw Failure("\(name) v\(version) is production; a shadow runs beside it") }
        if var current = self.version(name, at: .shadow), current.version != version {
            current.stage = .candidate
            try write(current)
        }
        target.stage = .shadow
        try write(target)
    }

    /// Puts the previous production back; the current one is archived.
    public func rollback(_ name: String) throws -> ModelVersion {
        var history = self.history(name)
        guard let previous = history.popLast(), let number = Int(previous.dropFirst()) else { throw Failure("\(name) has no earlier production to roll back to") }
        guard var current = version(name, at: .production) else { throw Failure("\(name) has no production version") }
        current.stage = .archived
        try write(current)
        var restored = try meta(name, number)
        restored.stage = .production
        try write(restored)
        try JSONSerialization.data(withJSONObject: history).write(to: folder(name).appendingPathComponent("history.json"), options: .atomic)
        return restored
    }

    /// Earlier productions, oldest first ("v1", "v2", …).
    func history(_ name: String) -> [String] {
        (try? Data(contentsOf: folder(name).appendingPathComponent("history.json"))).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String] } ?? []
    }

    private func appendHistory(_ name: String, _ entry: String) throws {
        try JSONSerialization.data(withJSONObject: history(name) + [entry]).write(to: folder(name).appendingPathComponent("history.json"), options: .atomic)
    }

    /// Records a backtest of the version's signal.
    public func recordBacktest(_ name: String, _ version: Int, _ figures: [String: Double]) throws {
        var record = try meta(name, version)
        record.backtest = figures
        try write(record)
    }

    /// An agent version's policy, value network (a critic's), normaliser, spec and drift baselines.
    public func loadAgent(_ name: String, _ version: Int) throws -> (policy: Model, value: Model?, normalizer: Normalizer, spec: AgentSpec, baselines: DriftBaselines?) {
        let url = folder(name, version)
        do {
            let policy = try Model.load(url)
            let spec = try JSONDecoder().decode(AgentSpec.self, from: Data(contentsOf: url.appendingPathComponent("agent.json")))
            let value = spec.valueHead == .critic ? try Model.load(url.appendingPathComponent("value")) : nil
            let normalizer = try Normalizer.read(url.appendingPathComponent("normalizer.json"))
            guard policy.spec.features == spec.observationSize else {
                throw Failure("the policy takes \(policy.spec.features) inputs; agent.json's observation has \(spec.observationSize)")
            }
            let baselines = (try? Data(contentsOf: url.appendingPathComponent("drift.json"))).flatMap { try? JSONDecoder().decode(DriftBaselines.self, from: $0) }
            return (policy, value, normalizer, spec, baselines)
        } catch let error as ModelFileError {
            throw Failure("\(name) v\(version): \(error.description)")
        } catch {
            throw Failure("\(name) v\(version): \(error)")
        }
    }

    /// The model, normaliser and recipe of a stored (non-ensemble) version.
    public func load(_ name: String, _ version: Int) throws -> (model: Model, normalizer: Normalizer, recipe: ModelRecipe, baselines: DriftBaselines?) {
        let url = folder(name, version)
        let model: Model
        do { model = try Model.load(url) } catch { throw Failure("\(name) v\(version): \(error.description)") }
        let recipe: ModelRecipe
        do { recipe = try ModelRecipe.read(url.appendingPathComponent("recipe.json")) } catch { throw Failure("\(name) v\(version): \(error.description)") }
        let normalizer: Normalizer
        do { normalizer = try Normalizer.read(url.appendingPathComponent("normalizer.json")) } catch { throw Failure("\(name) v\(version): normalizer.json: \(error)") }
        let baselines = (try? Data(contentsOf: url.appendingPathComponent("drift.json"))).flatMap { try? JSONDecoder().decode(DriftBaselines.self, from: $0) }
        return (model, normalizer, recipe, baselines)
    }
}
