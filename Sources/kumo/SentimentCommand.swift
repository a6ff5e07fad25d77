import ArgumentParser
import Foundation
import KumoCore
import KumoData
import KumoML
import KumoSentiment

/// `kumo sentiment`: the Korean financial sentiment scorers.
struct SentimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sentiment", abstract: "Train, judge and apply the Korean financial sentiment scorers (lexicon and character CNN).",
        discussion: """
            The lexicon renders the Loughran–McDonald categories in Korean; the model is five character CNNs on KumoML, trained on \
            Kumo's labelled headlines (or yours: --corpus, lines of pos|neu|neg<TAB>headline). Both are judged on the held-out quarter. \
            Backtests and live runs score news with the model in $KUMO_HOME/sentiment when there is one, else with the lexicon, and \
            filings by their kind; strategies read the result with ctx:sentiment(symbol).
            """,
        subcommands: [SentimentTrainCommand.self, SentimentEvalCommand.self, SentimentScoreCommand.self, SentimentDailyCommand.self])
}

/// The labelled set a command uses: the shipped one, or `--corpus`.
struct CorpusOption: ParsableArguments {
    @Option(help: "A labelled set (pos|neu|neg<TAB>headline per line; # comments) instead of the shipped one.") var corpus: String?

    func load() throws -> SentimentCorpus {
        guard let corpus else { return SentimentCorpus.shipped() }
        guard let text = try? String(contentsOfFile: corpus, encoding: .utf8) else { throw ValidationError("--corpus \(corpus): cannot be read") }
        do { return try SentimentCorpus.parse(text, file: corpus) } catch { throw ValidationError(error.description) }
    }
}

/// `kumo sentiment train [--out DIR]`.
struct SentimentTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train", abstract: "Train the character CNN on the labelled set's training part, judge it against the lexicon on the held-out part, and save it.")
    @OptionGroup var labelled: CorpusOption
    @Option(help: "Where to save it (default: $KUMO_HOME/sentiment).") var out: String?

    func run() throws {
        let corpus = try labelled.load()
        guard corpus.training.count >= 30, corpus.heldOut.count >= 10 else {
            throw ValidationError("the labelled set has \(corpus.training.count) training and \(corpus.heldOut.count) held-out headlines; give at least 40")
        }
        let start = Date()
        let (model, logs) = SentimentModel.train(corpus.training)
        print("trained \(model.members.count) networks on \(corpus.training.count) headlines in \(String(format: "%.1f", Date().timeIntervalSince(start))) s (\(logs.map { $0.loss.count }.reduce(0, +)) steps)")
        try SentimentEvalCommand.report(corpus, model: model)
        let folder = out.map { URL(fileURLWithPath: $0) } ?? SentimentScorer.defaultFolder()
        try? FileManager.default.removeItem(at: folder)
        try model.save(to: folder)
        print("saved to \(folder.path)")
    }
}

/// `kumo sentiment eval [--model DIR]`.
struct SentimentEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval", abstract: "Accuracy, per-class F1 and macro-F1 of the lexicon and the saved model on the held-out headlines.")
    @OptionGroup var labelled: CorpusOption
    @Option(help: "The saved model (default: $KUMO_HOME/sentiment).") var model: String?

    func run() throws {
        let folder = model.map { URL(fileURLWithPath: $0) } ?? SentimentScorer.defaultFolder()
        let loaded: SentimentModel
        do { loaded = try SentimentModel.load(folder) } catch { throw ValidationError("\(folder.path): \(error.description)") }
        try Self.report(try labelled.load(), model: loaded)
    }

    static func report(_ corpus: SentimentCorpus, model: SentimentModel) throws {
        let test = corpus.heldOut
        let truth = test.map(\.label)
        print("held out: \(test.count) headlines")
        print("lexicon: " + ClassificationReport(truth: truth, predicted: Lexicon.shipped().score(test.map(\.text)).map(\.label)).description)
        print("model:   " + ClassificationReport(truth: truth, predicted: model.score(test.map(\.text)).map(\.label)).description)
    }
}

/// `kumo sentiment score TEXT…`.
struct SentimentScoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "score", abstract: "The tone (−1…1) and label of each text, by the saved model and by the lexicon.")
    @Argument(help: "Headlines to score.") var texts: [String]
    @Option(help: "The saved model (default: $KUMO_HOME/sentiment; the lexicon alone without one).") var model: String?

    func run() throws {
        guard !texts.isEmpty else { throw ValidationError("give at least one text") }
        let folder = model.map { URL(fileURLWithPath: $0) } ?? SentimentScorer.defaultFolder()
        let lexicon = Lexicon.shipped().score(texts)
        let trained: [(score: Double, label: SentimentLabel)]? = FileManager.default.fileExists(atPath: folder.appendingPathComponent("member-1/model.json").path)
            ? try SentimentModel.load(folder).score(texts) : nil
        for (index, text) in texts.enumerated() {
            var line = String(format: "lexicon %+.2f %@", lexicon[index].score, lexicon[index].label.description)
            if let trained { line += String(format: "  model %+.2f %@", trained[index].score, trained[index].label.description) }
            print("\(line)  \(text)")
        }
    }
}

/// `kumo sentiment daily SYMBOL`.
struct SentimentDailyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daily", abstract: "A symbol's stored news and filings by day: how many, and their mean tones (the features models can use).")
    @Argument(help: "The symbol.") var symbol: String
    @Option(help: "The saved model (default: $KUMO_HOME/sentiment; the lexicon without one).") var model: String?
    @OptionGroup var store: StoreOptions

    func run() throws {
        guard let code = Symbol(symbol) else { throw ValidationError("'\(symbol)' is not a symbol") }
        let scorer = try SentimentScorer.standard(folder: model.map { URL(fileURLWithPath: $0) } ?? SentimentScorer.defaultFolder())
        let database = try store.open()
        let (news, filings): ([NewsArticle], [Disclosure])
        do throws(MarketDataStore.Failure) { (news, filings) = (try database.news(symbol: code), try database.disclosures(symbol: code)) } catch {
            throw ValidationError(error.description)
        }
        let book = SentimentBook(scorer.items(news: news, filings: filings))
        print("day         items  news   filings   (news scored by the \(scorer.name))")
        for day in book.daily(code) {
            print(String(format: "%@  %5d  %@  %@", day.day.description, day.count, day.news.map { String(format: "%+.2f", $0) } ?? "   - ", day.disclosures.map { String(format: "%+.2f", $0) } ?? "   - "))
        }
    }
}
