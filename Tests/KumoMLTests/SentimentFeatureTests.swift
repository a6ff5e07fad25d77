import Foundation
import KumoCore
import KumoML
import KumoModels
import KumoSentiment
import Testing

/// The tone of news and filings as model features: read point in time at each bar, missing
/// without a book, and learnt from when it predicts.
struct SentimentFeatureTests {
    static let hour: Int64 = 3_600_000_000_000

    @Test func featuresReadTheBookAtEachBarOnly() throws {
        let (symbol, bars) = LearningTests.series(symbols: 1, days: 20, phi: 0, seed: 4)[0]
        let story = Timestamp(nanoseconds: bars[10].time.nanoseconds - Self.hour)
        let filing = Timestamp(nanoseconds: bars[12].time.nanoseconds + Self.hour)
        let book = SentimentBook([
            SentimentItem(symbol: symbol, publishedAt: story, score: 1, source: .news),
            SentimentItem(symbol: symbol, publishedAt: filing, score: -0.6, source: .disclosure(.rightsOffering)),
            SentimentItem(symbol: Symbol("OTHER")!, publishedAt: story, score: -1, source: .news),
        ])
        let features = try ["sentiment", "sentiment:news", "sentiment:disclosures", "sentiment:count"].map { try FeatureSpec(parsing: $0) }
        let rows = FeatureBuilder.rows(features, over: bars, sentiment: book, symbol: symbol)
        #expect(rows[9].map { $0! } == [0, 0, 0, 0], "nothing published yet")
        #expect(rows[10].map { $0! } == [1, 1, 0, 1], "the story, an hour old")
        #expect(rows[12][2] == 0, "the filing comes an hour after bar 12")
        // Bar 13 (the next weekday): the story is 3 days + 1 h (or, over a weekend, more) old, the filing 23 h.
        let ageStory = Double(bars[13].time.nanoseconds - story.nanoseconds) / 1e9, ageFiling = Double(bars[13].time.nanoseconds - filing.nanoseconds) / 1e9
        let (w1, w2) = (pow(2, -ageStory / 259_200), pow(2, -ageFiling / 259_200))
        #expect(abs(rows[13][0]! - (w1 - 0.6 * w2) / (w1 + w2)) < 1e-12)
        #expect(rows[13][1] == 1 && rows[13][2] == -0.6 && rows[13][3] == 1, "only the filing is within 24 hours")
        // Without a book the features are missing, so no sample uses them.
        #expect(FeatureBuilder.rows(features, over: bars).allSatisfy { $0.allSatisfy { $0 == nil } })
        #expect(throws: FeatureSpec.ParseError.self) { try FeatureSpec(parsing: "sentiment:mood") }
    }

    /// Daily bars whose next return follows the tone of a story published before each bar
    /// (r_{t+1} = 0.8% · tone_t + ε, ε ~ N(0, 1%): a rank correlation of about 0.5 at best), and the stories.
    static func newsDriven(days: Int, seed: UInt64) -> (series: [(symbol: Symbol, bars: [Bar])], book: SentimentBook) {
        var random = SplitMix64(seed: seed)
        func normal() -> Double {
            let u1 = max(Double(random.next() >> 11) / Double(1 << 53), 1e-12), u2 = Double(random.next() >> 11) / Double(1 << 53)
            return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
        }
        var series: [(Symbol, [Bar])] = []
        var items: [SentimentItem] = []
        for s in 0..<2 {
            let symbol = Symbol("N\(s)")!
            var close = 10_000.0, tone = 0.0
            var date = CivilDate(year: 2016, month: 1, day: 4)!
            var bars: [Bar] = []
            for _ in 0..<days {
                while date.isWeekend { date = date.adding(days: 1) }
                let time = Timestamp(year: date.year, month: date.month, day: date.day, utcOffsetSeconds: 9 * 3600)!
                let open = close
                close *= exp(0.008 * tone + 0.01 * normal())
                func price(_ value: Double) -> Price { Price(micros: Int64((value * 1e6).rounded())) }
                bars.append(Bar(time: time, open: price(open), high: price(max(open, close) * 1.002), low: price(min(open, close) * 0.998), close: price(close), volume: 100_000))
                // A story two hours before this bar, heard at it, sets the drift from its close to the next.
                tone = [-1.0, 0, 1][Int(random.next() % 3)]
                let published = Timestamp(nanoseconds: time.nanoseconds - 2 * Self.hour)
                if tone != 0 { items.append(SentimentItem(symbol: symbol, publishedAt: published, score: tone, source: .news)) }
                date = date.adding(days: 1)
            }
            series.append((symbol, bars))
        }
        return (series, SentimentBook(items, halfLifeDays: 0.25))
    }

    @Test func aModelLearnsFromTheToneWhenItPredicts() throws {
        let (series, book) = Self.newsDriven(days: 500, seed: 9)
        func recipe(_ features: [String]) throws -> ModelRecipe {
            let list = features.map { "\"\($0)\"" }.joined(separator: ", ")
            return try ModelRecipe.parse(Data(#"""
                {"spec": {"format": "kumo-model/1", "name": "tone", "input": {"time": 1, "features": \#(features.count)}, "layers": [
                   {"op": "last_step"}, {"op": "linear", "weights": "fc", "in_features": \#(features.count), "out_features": 8}, {"op": "tanh"},
                   {"op": "linear", "weights": "out", "in_features": 8, "out_features": 1}]},
                 "features": [\#(list)], "label": {"kind": "forward_return", "horizon": 1},
                 "train": {"loss": "mse", "optimizer": {"type": "adam", "lr": 0.01}, "batch_size": 64, "epochs": 20, "shuffle": true, "seed": 3},
                 "data": {"test_share": 0.3}}
                """#.utf8), file: "recipe.json", folder: URL(fileURLWithPath: "/"))
        }
        let registry = RegistryTests.registry()
        let withTone = try ModelTraining.train(name: "tone", recipe: try recipe(["sentiment", "return:1"]), series: series, registry: registry, sentiment: book)
        let without = try ModelTraining.train(name: "plain", recipe: try recipe(["return:1", "range"]), series: series, registry: registry)
        #expect(withTone.holdout.informationCoefficient > 0.3, "the tone predicts: \(withTone.holdout)")
        #expect(abs(without.holdout.informationCoefficient) < 0.15, "prices alone do not: \(without.holdout)")
        // Without the book, a recipe that reads the tone has no complete sample to train on.
        #expect(throws: ModelRegistry.Failure.self) { try ModelTraining.prepare(try recipe(["sentiment", "return:1"]), series) }
    }
}
