public import Foundation
public import KumoCore
public import KumoML
public import KumoSentiment

/// Models in the running host: after each bar closes, every served model's features advance for
/// that symbol; the first request after new bars runs one batched inference per model over every
/// symbol with a full window. A shadow version runs beside production on the same events and is
/// scored online; live feature and prediction values are kept for drift reports.
public final class ModelService {
    /// One loaded version and its per-symbol state.
    final class Served {
        let meta: ModelVersion
        let model: Model?
        let normalizer: Normalizer?
        let recipe: ModelRecipe?
        let baselines: DriftBaselines?
        let members: [Served]
        /// For an agent: how it acts, and its critic.
        let agent: AgentSpec?
        let valueModel: Model?
        /// The features and window the model reads (the recipe's, or the agent's).
        let features: [FeatureSpec]
        let time: Int
        var builders: [Symbol: FeatureBuilder] = [:]
        var windows: [Symbol: [[Double]]] = [:]
        var latest: [Symbol: [Double]] = [:]
        var dirty: Set<Symbol> = []
        var liveFeatures: [String: [Double]] = [:]
        var livePredictions: [Double] = []

        init(
            meta: ModelVersion, model: Model?, normalizer: Normalizer?, recipe: ModelRecipe?, baselines: DriftBaselines?, members: [Served],
            agent: (spec: AgentSpec, features: [FeatureSpec], value: Model?)? = nil
        ) {
            self.meta = meta
            self.model = model
            self.normalizer = normalizer
            self.recipe = recipe
            self.baselines = baselines
            self.members = members
            self.agent = agent?.spec
            valueModel = agent?.value
            features = agent?.features ?? recipe?.features ?? []
            time = agent?.spec.window ?? recipe?.spec.time ?? 0
        }

        /// An agent's observation for `symbol`: its normalised window, then `account`.
        func observation(_ symbol: Symbol, account: [Float]) -> [Float]? {
            guard let normalizer, let window = windows[symbol], window.count == time else { return nil }
            var input: [Float] = []
            input.reserveCapacity(time * features.count + account.count)
            for row in window { input += normalizer.apply(row).map { Float($0) } }
            return input + account
        }

        /// Live values kept for drift: the newest 10,000 to 20,000, so a long run does not grow without bound.
        static func keep(_ value: Double, in values: inout [Double]) {
            values.append(value)
            if values.count > 20_000 { values.removeFirst(10_000) }
        }

        func observe(_ symbol: Symbol, _ bar: Bar, sentiment: SentimentBook?) {
            for member in members { member.observe(symbol, bar, sentiment: sentiment) }
            guard !features.isEmpty else {
                dirty.insert(symbol)
                return
            }
            let row = builders[symbol, default: FeatureBuilder(features, sentiment: sentiment, symbol: symbol)].update(bar)
            guard row.allSatisfy({ $0?.isFinite ?? false }) else {
                windows[symbol] = []
                latest[symbol] = nil
                return
            }
            let values = row.map { $0! }
            var window = windows[symbol, default: []]
            window.append(values)
            if window.count > time { window.removeFirst(window.count - time) }
            windows[symbol] = window
            for (feature, value) in zip(features, values) { Self.keep(value, in: &liveFeatures[feature.description, default: []]) }
            if window.count == time { dirty.insert(symbol) } else { latest[symbol] = nil }
        }

        /// Runs the pending symbols through the model in one batch.
        func flush() {
            guard !dirty.isEmpty else { return }
            let symbols = dirty.sorted()
            dirty.removeAll()
            if let ensemble = meta.ensemble {
                for member in members { member.flush() }
                for symbol in symbols {
                    let outputs = members.compactMap { $0.latest[symbol] }
                    latest[symbol] = outputs.count == members.count ? ensemble.combine(outputs) : nil
                    if let value = latest[symbol] { Self.keep(ModelTraining.signal(value), in: &livePredictions) }
                }
                return
            }
            if let agent, let model {
                // An agent's signal: the weight it would hold from a flat account.
                for symbol in symbols {
                    guard let input = observation(symbol, account: AgentSpec.flatAccount) else { continue }
                    let output = model.forward(Tensor(shape: [1, 1, input.count], data: input))
                    let weight = agent.decide(output.data[...]).weight
                    latest[symbol] = [weight]
                    Self.keep(weight, in: &livePredictions)
                }
                return
            }
            guard let model, let normalizer, let recipe else { return }
            let ready = symbols.filter { windows[$0]?.count == recipe.spec.time }
            guard !ready.isEmpty else { return }
            var data: [Float] = []
            data.reserveCapacity(ready.count * recipe.spec.time * recipe.features.count)
            for symbol in ready { for row in windows[symbol]! { data.append(contentsOf: normalizer.apply(row).map { Float($0) }) } }
            let input = Tensor(shape: [ready.count, recipe.spec.time, recipe.features.count], data: data)
            guard let output = try? model.predict(input) else { return }
            let width = output.count / ready.count
            for (i, symbol) in ready.enumerated() {
                let value = output.data[i * width..<(i + 1) * width].map(Double.init)
                latest[symbol] = value
                Self.keep(ModelTraining.signal(value), in: &livePredictions)
            }
        }
    }

    public let registry: ModelRegistry
    private var production: [String: Served] = [:]
    private var shadows: [String: (served: Served, tracker: ShadowTracker)] = [:]
    private var lastTime: Timestamp?
    private var lastCloses: [Symbol: (time: Timestamp, close: Double)] = [:]
    /// Hears each batched inference of a served model (with its shadow's, when it has one): its
    /// name and the nanoseconds taken.
    public var inferenceObserver: ((String, UInt64) -> Void)?

    /// Serves exactly `version` of `name` (any stage), as a signal backtest of a candidate does.
    public init(registry: ModelRegistry, name: String, version: Int) throws {
        self.registry = registry
        production[name] = try Self.load(try registry.meta(name, version), registry)
    }

    /// Loads the production version (and any shadow) of each of `names`.
    public init(registry: ModelRegistry, names: [String]) throws {
        self.registry = registry
        for name in names {
            guard let meta = registry.version(name, at: .production) else {
                throw ModelRegistry.Failure("model '\(name)' has no production version (kumo ml list shows the registry; kumo ml promote sets one)")
            }
            production[name] = try Self.load(meta, registry)
            if let shadow = registry.version(name, at: .shadow) {
                let served = try Self.load(shadow, registry)
                shadows[name] = (served, ShadowTracker(horizon: served.recipe?.label.horizon ?? production[name]!.recipe?.label.horizon ?? 1))
            }
        }
    }

    static func load(_ meta: ModelVersion, _ registry: ModelRegistry) throws -> Served {
        if let ensemble = meta.ensemble {
            let members = try ensemble.members.map { reference -> Served in
                let parts = reference.split(separator: "@").map(String.init)
                guard parts.count == 2, let version = Int(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "v"))) else {
                    throw ModelRegistry.Failure("\(meta.name) v\(meta.version): member '\(reference)' is not name@version")
                }
                return try load(try registry.meta(parts[0], version), registry)
            }
            return Served(meta: meta, model: nil, normalizer: nil, recipe: nil, baselines: nil, members: members)
        }
        if meta.agent != nil {
            let loaded = try registry.loadAgent(meta.name, meta.version)
            let features = try loaded.spec.features.map { name -> FeatureSpec in
                do { return try FeatureSpec(parsing: name) } catch { throw ModelRegistry.Failure("\(meta.name) v\(meta.version): agent.json: features: \(error)") }
            }
            return Served(
                meta: meta, model: loaded.policy, normalizer: loaded.normalizer, recipe: nil, baselines: loaded.baselines, members: [],
                agent: (loaded.spec, features, loaded.value))
        }
        let loaded = try registry.load(meta.name, meta.version)
        return Served(meta: meta, model: loaded.model, normalizer: loaded.normalizer, recipe: loaded.recipe, baselines: loaded.baselines, members: [])
    }

    /// Loads `name`'s production and shadow versions again from the registry (after a promote,
    /// shadow or rollback) and warms their features on `history` (each symbol's recent bars,
    /// oldest first), so predictions resume at once. The shadow's online comparison starts over.
    /// - Throws: ``ModelRegistry/Failure`` when `name` is not served or has no production version.
    public func reload(_ name: String, history: [(symbol: Symbol, bars: [Bar])]) throws {
        guard production[name] != nil else { throw ModelRegistry.Failure("model '\(name)' is not served by this engine") }
        guard let meta = registry.version(name, at: .production) else { throw ModelRegistry.Failure("model '\(name)' has no production version") }
        let served = try Self.load(meta, registry)
        let shadow = try registry.version(name, at: .shadow).map { try Self.load($0, registry) }
        for (symbol, bars) in history {
            for bar in bars {
                served.observe(symbol, bar, sentiment: sentiment)
                shadow?.observe(symbol, bar, sentiment: sentiment)
            }
        }
        production[name] = served
        shadows[name] = shadow.map { ($0, ShadowTracker(horizon: $0.recipe?.label.horizon ?? served.recipe?.label.horizon ?? 1)) }
    }

    /// The shadow version of `name` being compared, if any.
    public func shadowVersion(_ name: String) -> ModelVersion? { shadows[name]?.served.meta }

    /// The names served.
    public var names: [String] { production.keys.sorted() }

    /// The tone of news and filings the models' `sentiment` features read (the run's), when any.
    public var sentiment: SentimentBook?

    /// Whether any served model reads a `sentiment` feature.
    public var readsSentiment: Bool {
        func reads(_ served: Served) -> Bool {
            served.features.contains { if case .tone = $0.kind { true } else { false } } || served.members.contains(where: reads)
        }
        return production.values.contains(where: reads) || shadows.values.contains { reads($0.served) }
    }

    /// A bar of `symbol` closed: features advance. The first bar of a new timestamp first runs the
    /// previous timestamp's pending symbols through every model in one batch each (and scores the
    /// shadows), so every bar gets its prediction whether or not a script asks.
    public func observe(symbol: Symbol, bar: Bar) {
        if let lastTime, bar.time != lastTime { flushAll() }
        lastTime = bar.time
        for served in production.values { served.observe(symbol, bar, sentiment: sentiment) }
        for name in shadows.keys {
            shadows[name]!.tracker.barClosed(symbol, close: bar.close.doubleValue)
            shadows[name]!.served.observe(symbol, bar, sentiment: sentiment)
        }
        lastCloses[symbol] = (bar.time, bar.close.doubleValue)
    }

    /// Runs every model's pending symbols; records production and shadow signals side by side.
    private func flushAll() {
        for (name, served) in production {
            let start = inferenceObserver == nil || served.dirty.isEmpty ? nil : DispatchTime.now().uptimeNanoseconds
            defer { if let start { inferenceObserver?(name, DispatchTime.now().uptimeNanoseconds - start) } }
            guard let entry = shadows[name] else {
                served.flush()
                continue
            }
            let pending = served.dirty.union(entry.served.dirty)
            served.flush()
            entry.served.flush()
            for symbol in pending.sorted() {
                guard let p = served.latest[symbol], let s = entry.served.latest[symbol], let last = lastCloses[symbol] else { continue }
                shadows[name]!.tracker.record(symbol, time: last.time, close: last.close, production: ModelTraining.signal(p), shadow: ModelTraining.signal(s))
            }
        }
    }

    /// The latest output of `name` for `symbol`: nil while its window is not full.
    public func prediction(_ name: String, symbol: Symbol) -> [Double]? {
        guard let served = production[name] else { return nil }
        if !served.dirty.isEmpty || !served.members.allSatisfy({ $0.dirty.isEmpty }) { flushAll() }
        return served.latest[symbol]
    }

    /// What agent `name` does for `symbol` given the account (`AgentSpec.accountInputs`): the
    /// target weight, the level index when it has levels, and its value estimate (the critic's,
    /// or the largest Q). Nil while the window is not full, or when `name` is not an agent.
    public func act(_ name: String, symbol: Symbol, account: [Float]) -> (weight: Double, choice: Int?, value: Double)? {
        guard let served = production[name], let agent = served.agent, let policy = served.model else { return nil }
        guard let input = served.observation(symbol, account: account) else { return nil }
        let tensor = Tensor(shape: [1, 1, input.count], data: input)
        let output = policy.forward(tensor)
        let decision = agent.decide(output.data[...])
        let value = served.valueModel.map { Double($0.forward(tensor).data[0]) } ?? Double(output.data.max() ?? 0)
        return (decision.weight, decision.choice, value)
    }

    /// The agent spec of `name`, when it is an agent.
    public func agent(_ name: String) -> AgentSpec? { production[name]?.agent }

    /// The median of the served version's training predictions (its drift baseline), the level that
    /// splits its forecasts into better- and worse-than-usual; nil without a baseline.
    public func medianTrainingSignal(_ name: String) -> Double? {
        guard let edges = production[name]?.baselines?.prediction.edges, !edges.isEmpty else { return nil }
        return edges[edges.count / 2]
    }

    /// The production version's record.
    public func version(_ name: String) -> ModelVersion? { production[name]?.meta }

    /// The shadow's online comparison with production, when `name` has a shadow.
    public func shadowComparison(_ name: String) -> (shadow: ModelVersion, comparison: ShadowTracker.Comparison)? {
        guard shadows[name] != nil else { return nil }
        flushAll()
        return (shadows[name]!.served.meta, shadows[name]!.tracker.comparison)
    }

    /// Writes each shadow's records (time, symbol, both signals, realized return) and its online
    /// comparison into its version folder: `shadow-log.jsonl` and `shadow-comparison.json`.
    public func writeShadowLogs() throws {
        flushAll()
        for (name, entry) in shadows {
            let folder = registry.folder(name, entry.served.meta.version)
            var lines = ""
            for record in entry.tracker.records {
                let object: [String: Any] = [
                    "time": record.time.description, "symbol": record.symbol.code, "production": record.production, "shadow": record.shadow,
                    "realized": record.realized.map { $0 as Any } ?? NSNull(),
                ]
                lines += String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self) + "\n"
            }
            try Data(lines.utf8).write(to: folder.appendingPathComponent("shadow-log.jsonl"), options: .atomic)
            let c = entry.tracker.comparison
            let summary: [String: Any] = [
                "production_version": production[name]!.meta.version, "samples": c.samples, "production_ic": c.productionIC, "shadow_ic": c.shadowIC,
                "production_hit_rate": c.productionHitRate, "shadow_hit_rate": c.shadowHitRate, "production_pnl": c.productionPnL, "shadow_pnl": c.shadowPnL,
            ]
            try JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys, .prettyPrinted]).write(to: folder.appendingPathComponent("shadow-comparison.json"), options: .atomic)
        }
    }

    /// PSI of the live features and predictions against the training baselines, and the alerts.
    public func drift(_ name: String) -> (stability: [String: Double], alerts: [String])? {
        guard let served = production[name], let baselines = served.baselines else { return nil }
        flushAll()
        return baselines.report(features: served.liveFeatures, predictions: served.livePredictions)
    }
}
