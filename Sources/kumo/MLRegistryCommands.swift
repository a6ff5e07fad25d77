import ArgumentParser
import Foundation
import KumoCore
import KumoBacktest
import KumoData
import KumoML
import KumoModels
import KumoSentiment

/// Where the registry lives and how the commands read bars for it.
struct RegistryOptions: ParsableArguments {
    @Option(help: "The model registry (default: $KUMO_HOME/models, else ./kumo-home/models).") var models: String?
    @OptionGroup var store: StoreOptions

    var registry: ModelRegistry { Self.registry(at: models) }

    /// The registry at `path`, else `$KUMO_HOME/models`, else `./kumo-home/models`.
    static func registry(at path: String?) -> ModelRegistry {
        let home = ProcessInfo.processInfo.environment["KUMO_HOME"] ?? FileManager.default.currentDirectoryPath + "/kumo-home"
        return ModelRegistry(root: URL(fileURLWithPath: path ?? home + "/models"))
    }

    /// The version a command means: the one asked for, else production, else the newest.
    func version(_ name: String, _ asked: Int?) throws -> Int {
        guard let number = asked ?? registry.version(name, at: .production)?.version ?? registry.versions(name).last?.version else {
            throw ValidationError("no model '\(name)' in \(registry.root.path)")
        }
        return number
    }

    /// The tone of the store's news and filings about `symbols`, for recipes with `sentiment`
    /// features (scored by the model in $KUMO_HOME/sentiment, else the lexicon); nil when none reads it.
    func sentiment(_ recipes: [ModelRecipe], _ series: [(symbol: Symbol, bars: [Bar])]) throws -> SentimentBook? {
        guard recipes.contains(where: { $0.features.contains { if case .tone = $0.kind { true } else { false } } }) else { return nil }
        let database = try store.open()
        let scorer = try SentimentScorer.standard(folder: SentimentScorer.defaultFolder())
        var news: [String: NewsArticle] = [:]
        var filings: [Disclosure] = []
        for symbol in series.map(\.symbol) {
            do throws(MarketDataStore.Failure) {
                for story in try database.news(symbol: symbol) { news[story.key] = story }
                filings += try database.disclosures(symbol: symbol)
            } catch { throw ValidationError(error.description) }
        }
        return SentimentBook(scorer.items(news: Array(news.values), filings: filings))
    }

    /// The stored bars of `symbols` at `timeframe`.
    func series(_ symbols: [String], timeframe: String) throws -> [(symbol: Symbol, bars: [Bar])] {
        guard !symbols.isEmpty else { throw ValidationError("name the training symbols (--data SYMBOL or the recipe's data.symbols)") }
        let database = try store.open()
        let frame = try DataArguments.timeframe(timeframe)
        return try symbols.map { code in
            let symbol = try DataArguments.symbol(code)
            let bars: [Bar]
            do throws(MarketDataStore.Failure) { bars = try database.bars(symbol: symbol, timeframe: frame) } catch { throw ValidationError(error.description) }
            guard !bars.isEmpty else { throw ValidationError("no \(frame) bars of \(code) are stored (kumo data list shows what is)") }
            return (symbol, bars)
        }
    }
}

func describe(_ metrics: ModelMetrics?) -> String {
    guard let m = metrics else { return "no metrics" }
    var parts = ["ic \(String(format: "%.4f", m.informationCoefficient))", "hit \(String(format: "%.3f", m.hitRate))", "n \(m.samples)"]
    if let mse = m.mse { parts.append("mse \(String(format: "%.6g", mse))") }
    if let accuracy = m.accuracy { parts.append("accuracy \(String(format: "%.3f", accuracy))") }
    if let f1 = m.f1 { parts.append("f1 \(String(format: "%.3f", f1))") }
    return parts.joined(separator: ", ")
}

/// Trains NAME from stored bars by a recipe into the registry (`kumo ml train NAME --config RECIPE.json`).
enum RegistryTraining {
    static func run(name: String, config: String, symbols: [String], options: RegistryOptions) throws {
        let recipe: ModelRecipe
        do { recipe = try ModelRecipe.read(URL(fileURLWithPath: config)) } catch { throw ValidationError(error.description) }
        let series = try options.series(symbols.isEmpty ? recipe.symbols : symbols, timeframe: recipe.timeframe)
        let bar = ProgressBar(label: "train \(name)")
        let book = try options.sentiment([recipe], series)
        let outcome = try ModelTraining.train(name: name, recipe: recipe, series: series, registry: options.registry, sentiment: book) { step, total, loss in
            let rate = Double(step * recipe.training.batchSize) / max(Date().timeIntervalSince(bar.start), 1e-6)
            bar.update(step, of: total, detail: String(format: "loss %.6g, %.0f samples/s", loss, rate))
        }
        print("\(name) v\(outcome.version.version) (candidate): \(outcome.log.loss.count) steps, \(Int(outcome.log.samplesPerSecond)) samples/s; hold-out \(describe(outcome.holdout))")
        try recordSignalBacktest(name: name, version: outcome.version.version, recipe: recipe, series: series, registry: options.registry, sentiment: book)
    }

    /// Backtests the version's signal over its hold-out period and stores the figures in its record.
    static func recordSignalBacktest(
        name: String, version: Int, recipe: ModelRecipe, series: [(symbol: Symbol, bars: [Bar])], registry: ModelRegistry, sentiment: SentimentBook?
    ) throws {
        let (dataset, fold) = try ModelTraining.prepare(recipe, series, sentiment: sentiment)
        guard let start = fold.test.map({ dataset.samples[$0].time }).min() else { return }
        let figures = try SignalBacktest.run(name: name, version: version, registry: registry, series: series, start: start, sentiment: sentiment)
        try registry.recordBacktest(name, version, figures)
        print(String(format: "signal backtest over the hold-out: return %.2f%%, sharpe %.3f, max drawdown %.2f%%, %.0f trades",
                     figures["total_return"]! * 100, figures["sharpe"]!, figures["max_drawdown"]! * 100, figures["trades"]!))
    }
}

/// `kumo ml list`.
struct MLListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Every model and version in the registry, with stage and hold-out metrics.")
    @OptionGroup var options: RegistryOptions

    func run() throws {
        let registry = options.registry
        let names = registry.names()
        if names.isEmpty { print("no models in \(registry.root.path)") }
        for name in names {
            for version in registry.versions(name) {
                print("\(name)\tv\(version.version)\t\(version.stage.rawValue)\t\(version.ensemble.map { "ensemble \($0.method.rawValue) of \($0.members.joined(separator: ", "))" } ?? describe(version.metrics))")
            }
        }
    }
}

/// `kumo ml show NAME [--version N]`.
struct MLShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A version's record: stage, data range and fingerprint, metrics, backtest.")
    @Argument var name: String
    @Option(help: "The version (default: production, else the newest).") var version: Int?
    @OptionGroup var options: RegistryOptions

    func run() throws {
        let registry = options.registry
        let number = try options.version(name, version)
        let meta = try registry.meta(name, number)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(meta), as: UTF8.self))
    }
}

/// `kumo ml promote NAME VERSION [--shadow]`.
struct MLPromoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "promote", abstract: "Make a version production (the old one is archived), or the shadow with --shadow.")
    @Argument var name: String
    @Argument var version: Int
    @Flag(help: "Run it beside production as a shadow instead.") var shadow = false
    @OptionGroup var options: RegistryOptions

    func run() throws {
        do {
            if shadow { try options.registry.shadow(name, version) } else { try options.registry.promote(name, version) }
        } catch let failure as ModelRegistry.Failure { throw ValidationError(failure.description) }
        print("\(name) v\(version) is now \(shadow ? "shadow" : "production")")
    }
}

/// `kumo ml rollback NAME`.
struct MLRollbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rollback", abstract: "Put the previous production version back.")
    @Argument var name: String
    @OptionGroup var options: RegistryOptions

    func run() throws {
        do {
            let restored = try options.registry.rollback(name)
            print("\(name) v\(restored.version) is production again")
        } catch let failure as ModelRegistry.Failure { throw ValidationError(failure.description) }
    }
}

/// `kumo ml eval NAME [--version N] [--data SYMBOL…]`.
struct MLEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Measure a version on the hold-out of stored bars (its recipe's data or --data) and report drift against its training window.")
    @Argument var name: String
    @Option(help: "The version (default: production, else the newest).") var version: Int?
    @Option(name: .customLong("data"), help: "Stored symbols (default: the recipe's).") var symbols: [String] = []
    @OptionGroup var options: RegistryOptions

    func run() throws {
        let registry = options.registry
        let number = try options.version(name, version)
        let loaded = try registry.load(name, number)
        let series = try options.series(symbols.isEmpty ? loaded.recipe.symbols : symbols, timeframe: loaded.recipe.timeframe)
        let (dataset, fold) = try ModelTraining.prepare(loaded.recipe, series, sentiment: try options.sentiment([loaded.recipe], series))
        print("\(name) v\(number) on \(fold.test.count) hold-out samples: \(describe(Pipeline.evaluate(loaded.model, loaded.normalizer, dataset, fold.test)))")
        if let baselines = loaded.baselines {
            let live = Dictionary(uniqueKeysWithValues: dataset.features.enumerated().map { j, feature in
                (feature.description, fold.test.map { dataset.samples[$0].window.last![j] })
            })
            let predictions = Pipeline.predict(loaded.model, loaded.normalizer, dataset, fold.test).map(ModelTraining.signal)
            let (stability, alerts) = baselines.report(features: live, predictions: predictions)
            for (key, value) in stability.sorted(by: { $0.key < $1.key }) { print("psi \(key)\t\(String(format: "%.4f", value))") }
            print(alerts.isEmpty ? "drift: none over \(baselines.threshold)" : "drift ALERT: \(alerts.joined(separator: ", ")) over \(baselines.threshold)")
        }
    }
}

/// `kumo ml retrain NAME [--data SYMBOL…]`.
struct MLRetrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retrain", abstract: "Train a new version on the newest stored bars; promote it only if it beats production on the walk-forward hold-out.")
    @Argument var name: String
    @Option(name: .customLong("data"), help: "Stored symbols (default: the production recipe's).") var symbols: [String] = []
    @OptionGroup var options: RegistryOptions

    func run() throws {
        let registry = options.registry
        guard let production = registry.version(name, at: .production) else { throw ValidationError("\(name) has no production version to beat") }
        let recipe = try registry.load(name, production.version).recipe
        let series = try options.series(symbols.isEmpty ? recipe.symbols : symbols, timeframe: recipe.timeframe)
        let book = try options.sentiment([recipe], series)
        let result = try ModelTraining.retrain(name: name, series: series, registry: registry, sentiment: book)
        try RegistryTraining.recordSignalBacktest(name: name, version: result.outcome.version.version, recipe: recipe, series: series, registry: registry, sentiment: book)
        print("new v\(result.outcome.version.version): \(describe(result.outcome.holdout))")
        print("production v\(production.version) on the same hold-out: \(describe(result.production))")
        print(result.promoted ? "promoted v\(result.outcome.version.version)" : "kept v\(production.version); v\(result.outcome.version.version) stays a candidate")
    }
}

/// `kumo ml import NAME MODEL_DIR --recipe RECIPE.json`: a PyTorch-trained kumo-model/1 folder into the registry.
struct MLImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Register a kumo-model/1 folder trained elsewhere (PyTorch), with the recipe of its features; fits its normaliser on the recipe's data.")
    @Argument var name: String
    @Argument(help: "A kumo-model/1 folder.") var folder: String
    @Option(help: "The recipe: features, label, normaliser, data (its spec must match the folder's).") var recipe: String
    @Option(name: .customLong("data"), help: "Stored symbols to fit the normaliser and measure on (default: the recipe's).") var symbols: [String] = []
    @OptionGroup var options: RegistryOptions

    func run() throws {
        let model = try MLFiles.model(folder)
        let parsed: ModelRecipe
        do { parsed = try ModelRecipe.read(URL(fileURLWithPath: recipe)) } catch { throw ValidationError(error.description) }
        guard parsed.spec.features == model.spec.features, parsed.spec.time == model.spec.time else {
            throw ValidationError("\(recipe): spec: its input (\(parsed.spec.time), \(parsed.spec.features)) differs from the model's (\(model.spec.time), \(model.spec.features))")
        }
        let series = try options.series(symbols.isEmpty ? parsed.symbols : symbols, timeframe: parsed.timeframe)
        let (dataset, fold) = try ModelTraining.prepare(parsed, series, sentiment: try options.sentiment([parsed], series))
        let normalizer = dataset.normalizer(parsed.normalizer, fittedOn: fold.train)
        let metrics = Pipeline.evaluate(model, normalizer, dataset, fold.test)
        let version = try options.registry.register(
            name: name, model: model, normalizer: normalizer, recipe: parsed.jsonData, baselines: nil,
            data: ("imported", "", "", series.map(\.symbol.code), 0), metrics: metrics)
        print("\(name) v\(version.version) (candidate) imported from \(folder): hold-out \(describe(metrics))")
    }
}

/// `kumo ml ensemble NAME MEMBER@V… [--method mean|weighted|stacked] [--weights …]`.
struct MLEnsembleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ensemble", abstract: "Register an ensemble of stored versions: their mean, a weighted mean, or a stacked linear fit on their hold-out predictions.")
    @Argument var name: String
    @Argument(help: "Members as name@version.") var members: [String]
    @Option(help: "mean, weighted or stacked.") var method = "mean"
    @Option(parsing: .upToNextOption, help: "Weights for --method weighted, one per member.") var weights: [Double] = []
    @Option(name: .customLong("data"), help: "Stored symbols for a stacked fit (default: the first member's recipe).") var symbols: [String] = []
    @OptionGroup var options: RegistryOptions

    func run() throws {
        guard members.count >= 2 else { throw ValidationError("an ensemble needs at least two members") }
        guard let kind = EnsembleSpec.Method(rawValue: method) else { throw ValidationError("--method must be mean, weighted or stacked") }
        let registry = options.registry
        let loaded = try members.map { member -> (ModelRecipe, Model, Normalizer) in
            let parts = member.split(separator: "@").map(String.init)
            guard parts.count == 2, let number = Int(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "v"))) else {
                throw ValidationError("member '\(member)' is not name@version")
            }
            let entry = try registry.load(parts[0], number)
            return (entry.recipe, entry.model, entry.normalizer)
        }
        let spec: EnsembleSpec
        switch kind {
        case .mean: spec = EnsembleSpec(members: members, method: .mean)
        case .weighted:
            guard weights.count == members.count else { throw ValidationError("--weights needs \(members.count) numbers") }
            spec = EnsembleSpec(members: members, method: .weighted, weights: weights)
        case .stacked:
            let series = try options.series(symbols.isEmpty ? loaded[0].0.symbols : symbols, timeframe: loaded[0].0.timeframe)
            let book = try options.sentiment(loaded.map(\.0), series)
            let datasets = try loaded.map { try ModelTraining.prepare($0.0, series, sentiment: book) }
            // Align the members' hold-out samples by symbol and time.
            let keys = datasets.map { dataset, fold in Set(fold.test.map { "\(dataset.samples[$0].symbol)@\(dataset.samples[$0].time.nanoseconds)" }) }
            let common = keys.dropFirst().reduce(keys[0]) { $0.intersection($1) }
            var columns: [[Double]] = []
            var labels: [Double] = []
            for (member, (dataset, fold)) in datasets.enumerated() {
                let chosen = fold.test.filter { common.contains("\(dataset.samples[$0].symbol)@\(dataset.samples[$0].time.nanoseconds)") }
                columns.append(Pipeline.predict(loaded[member].1, loaded[member].2, dataset, chosen).map(ModelTraining.signal))
                if member == 0 { labels = chosen.map { dataset.samples[$0].label } }
            }
            guard !labels.isEmpty else { throw ValidationError("the members share no hold-out samples to stack on") }
            let rows = (0..<labels.count).map { i in columns.map { $0[i] } }
            spec = EnsembleSpec.stacked(members: members, predictions: rows, labels: labels)
        }
        let version = try registry.register(name: name, model: nil, normalizer: nil, recipe: nil, baselines: nil, data: ("ensemble", "", "", [], 0), metrics: nil, ensemble: spec)
        print("\(name) v\(version.version) (candidate): \(kind.rawValue) of \(members.joined(separator: ", ")) weights \(spec.weights) intercept \(spec.intercept)")
    }
}
