import Foundation
import KumoCore
import KumoML
import KumoSentiment
import Testing

/// The trained model against the lexicon on the held-out quarter of the labelled headlines: the
/// judged figures are accuracy and macro-F1. A control trained on shuffled labels shows the
/// figures measure learning, not the split.
@Suite(.serialized) struct SentimentEvaluationTests {
    static let corpus = SentimentCorpus.shipped()

    @Test func theLabelledSetIsWhatItsProvenanceSays() throws {
        let corpus = Self.corpus
        #expect(corpus.examples.count == 510)
        for label in SentimentLabel.allCases { #expect(corpus.examples.count { $0.label == label } == 170) }
        #expect(Set(corpus.examples.map(\.text)).count == 510, "no headline twice")
        let held = corpus.heldOut.count
        #expect(held > 100 && held < 160, "about a quarter held out: \(held)")
        #expect(Set(corpus.training.map(\.text)).isDisjoint(with: corpus.heldOut.map(\.text)))
        for label in SentimentLabel.allCases { #expect(corpus.heldOut.count { $0.label == label } >= 30, "every class is judged on enough examples") }
        do { _ = try SentimentCorpus.parse("# c\npos\t좋다\nmaybe\t글쎄\n", file: "h.tsv") } catch { #expect(error.description.hasPrefix("h.tsv:3: expected")) }
        do { _ = try SentimentCorpus.parse("pos\t좋다\nneg\t좋다\n", file: "h.tsv") } catch { #expect(error.description == "h.tsv:2: the same headline as line 1") }
    }

    @Test func theTrainedModelBeatsTheLexiconOnHeldOutHeadlines() throws {
        let (training, test) = (Self.corpus.training, Self.corpus.heldOut)
        let truth = test.map(\.label)
        let lexicon = ClassificationReport(truth: truth, predicted: Lexicon.shipped().score(test.map(\.text)).map(\.label))
        let (model, logs) = SentimentModel.train(training)
        #expect(logs.count == 5 && logs.allSatisfy { $0.validationLoss.count >= 5 })
        let trained = ClassificationReport(truth: truth, predicted: model.score(test.map(\.text)).map(\.label))
        print("sentiment, \(test.count) held-out headlines\nlexicon: \(lexicon)\nmodel: \(trained)")
        // Measured at the commit: lexicon 87.4% / 86.8%, model 91.1% / 90.8% (accuracy / macro-F1).
        #expect(trained.accuracy > lexicon.accuracy, "model \(trained.accuracy) against lexicon \(lexicon.accuracy)")
        #expect(trained.macroF1 > lexicon.macroF1, "model \(trained.macroF1) against lexicon \(lexicon.macroF1)")
        #expect(trained.accuracy >= 0.88 && trained.macroF1 >= 0.87)
        #expect(SentimentLabel.allCases.allSatisfy { trained.f1($0) >= 0.8 }, "no class left behind: \(trained)")

        // Saved and loaded, it gives the same probabilities.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kumo-sentiment-\(UUID().uuidString)")
        try model.save(to: folder)
        let loaded = try SentimentModel.load(folder)
        #expect(loaded.members.count == 5)
        #expect(loaded.probabilities(test.prefix(10).map(\.text)) == model.probabilities(test.prefix(10).map(\.text)))
    }

    @Test func aModelTrainedOnShuffledLabelsLearnsNothing() {
        var random = SplitMix64(seed: 11)
        var labels = Self.corpus.training.map(\.label)
        for i in stride(from: labels.count - 1, to: 0, by: -1) { labels.swapAt(i, Int(random.next() % UInt64(i + 1))) }
        let shuffled = zip(Self.corpus.training, labels).map { SentimentCorpus.Example(text: $0.text, label: $1, line: $0.line) }
        let (model, _) = SentimentModel.train(shuffled, seeds: [1])
        let test = Self.corpus.heldOut
        let report = ClassificationReport(truth: test.map(\.label), predicted: model.score(test.map(\.text)).map(\.label))
        #expect(report.accuracy < 0.55, "chance is a third: \(report)")
    }

    @Test func reportsCountAsTheTextbookDoes() {
        // 3 negative (2 right, 1 called neutral), 2 neutral (right), 1 positive (called negative).
        let report = ClassificationReport(
            truth: [.negative, .negative, .negative, .neutral, .neutral, .positive],
            predicted: [.negative, .negative, .neutral, .neutral, .neutral, .negative])
        #expect(report.accuracy == 4.0 / 6)
        #expect(report.precision(.negative) == 2.0 / 3 && report.recall(.negative) == 2.0 / 3)
        #expect(report.precision(.neutral) == 2.0 / 3 && report.recall(.neutral) == 1)
        #expect(report.f1(.positive) == 0)
        #expect(abs(report.macroF1 - (2.0 / 3 + 0.8 + 0) / 3) < 1e-12)
        #expect(report.confusion == [[2, 1, 0], [0, 2, 0], [1, 0, 0]])
    }
}
