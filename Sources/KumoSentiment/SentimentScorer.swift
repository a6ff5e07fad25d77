public import Foundation
public import KumoCore

/// Something that reads the tone of texts: the lexicon or the trained model.
public protocol TextToneScorer: Sendable {
    /// Each text's tone in −1…1 and its label.
    func score(_ texts: [String]) -> [(score: Double, label: SentimentLabel)]
}

extension Lexicon: TextToneScorer {
    public func score(_ texts: [String]) -> [(score: Double, label: SentimentLabel)] { texts.map { score($0) } }
}

extension SentimentModel: TextToneScorer {}

/// The tone of a DART filing by its kind: the direction investors read the event in —
/// shareholders' money returned (자기주식 취득, 배당, 무상증자) or orders won (공급계약) up;
/// new shares or their promise (유상증자, 전환사채), shares sold from treasury, lawsuits and
/// delisting down; the rest (results, periodic reports, holdings, mergers) carry no direction
/// by kind alone. The magnitudes are Kumo's judgement on a −1…1 scale, not measurements.
public enum DisclosureTone {
    public static func score(_ kind: DisclosureKind) -> Double {
        switch kind {
        case .buyback: 0.6
        case .supplyContract: 0.5
        case .bonusIssue: 0.4
        case .dividend: 0.3
        case .rightsOffering: -0.6
        case .convertibleBond: -0.4
        case .treasurySale: -0.3
        case .lawsuit: -0.5
        case .delisting: -1
        case .merger, .earnings, .periodicReport, .ownership, .other: 0
        }
    }
}

/// Scores news by its title with a text scorer, and filings by their kind.
public struct SentimentScorer: Sendable {
    public let text: any TextToneScorer
    /// What `text` is, for reports: "model" or "lexicon".
    public let name: String

    public init(text: any TextToneScorer, name: String) {
        self.text = text
        self.name = name
    }

    /// Where `kumo sentiment train` writes the model: `$KUMO_HOME/sentiment`, else `./kumo-home/sentiment`.
    public static func defaultFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        URL(fileURLWithPath: (environment["KUMO_HOME"] ?? FileManager.default.currentDirectoryPath + "/kumo-home") + "/sentiment")
    }

    /// The trained model in `folder` (`kumo sentiment train` writes `$KUMO_HOME/sentiment`), or the lexicon when there is none.
    public static func standard(folder: URL) throws -> SentimentScorer {
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("member-1/model.json").path) else {
            return SentimentScorer(text: Lexicon.shipped(), name: "lexicon")
        }
        return SentimentScorer(text: try SentimentModel.load(folder), name: "model")
    }

    /// The items of `news` and `filings` with their tones, one per symbol each names.
    public func items(news: [NewsArticle], filings: [Disclosure]) -> [SentimentItem] {
        let tones = text.score(news.map(\.title))
        var out: [SentimentItem] = []
        for (story, tone) in zip(news, tones) {
            for symbol in story.symbols { out.append(SentimentItem(symbol: symbol, publishedAt: story.publishedAt, score: tone.score, source: .news)) }
        }
        for filing in filings {
            guard let code = filing.stockCode, let symbol = Symbol(code) else { continue }
            out.append(SentimentItem(symbol: symbol, publishedAt: filing.publishedAt, score: DisclosureTone.score(filing.kind), source: .disclosure(filing.kind)))
        }
        return out
    }
}
