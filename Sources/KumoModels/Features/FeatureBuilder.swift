import Foundation
public import KumoCore
import KumoIndicators
public import KumoSentiment

/// Computes a feature list over one symbol's bars, one row per bar, streaming and causal: row t
/// depends on bars up to t only, so data after a split point cannot reach a row before it. A
/// value is nil while its feature warms up.
public struct FeatureBuilder {
    public let features: [FeatureSpec]
    private var runners: [IndicatorRunner?]
    private var ichimoku = Ichimoku()
    private var closes: [Double] = []
    private var volumes: [Double] = []
    /// The book `sentiment` features read, and the symbol whose tone they read.
    private let tone: (book: SentimentBook, symbol: Symbol)?

    public init(_ features: [FeatureSpec], sentiment: SentimentBook? = nil, symbol: Symbol? = nil) {
        self.features = features
        tone = sentiment.flatMap { book in symbol.map { (book, $0) } }
        runners = features.map { feature in
            if case .indicator(let spec, _, _) = feature.kind { IndicatorCatalog.runner(for: spec) } else { nil }
        }
    }

    /// The longest look-back any feature needs, in bars (for trimming kept history).
    var memory: Int {
        features.reduce(2) { longest, feature in
            switch feature.kind {
            case .logReturn(let bars): max(longest, bars + 1)
            case .volumeZScore(let window): max(longest, window)
            default: longest
            }
        }
    }

    /// Feeds one bar; returns its feature row.
    public mutating func update(_ bar: Bar) -> [Double?] {
        let close = bar.close.doubleValue
        closes.append(close)
        volumes.append(Double(bar.volume))
        if closes.count > 4 * memory {
            closes.removeFirst(closes.count - memory)
            volumes.removeFirst(volumes.count - memory)
        }
        let indicatorBar = IndicatorBar(bar)
        let cloud = ichimoku.update(indicatorBar)?.cloud
        var row: [Double?] = []
        row.reserveCapacity(features.count)
        var snapshot: SentimentSnapshot?
        for index in features.indices {
            switch features[index].kind {
            case .logReturn(let bars):
                row.append(closes.count > bars && closes[closes.count - 1 - bars] > 0 ? log(close / closes[closes.count - 1 - bars]) : nil)
            case .range:
                row.append(close > 0 ? (bar.high.doubleValue - bar.low.doubleValue) / close : nil)
            case .volumeZScore(let window):
                guard volumes.count >= window else {
                    row.append(nil)
                    continue
                }
                let slice = volumes.suffix(window)
                let mean = slice.reduce(0, +) / Double(window)
                let deviation = (slice.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(window - 1)).squareRoot()
                row.append(deviation > 0 ? (Double(bar.volume) - mean) / deviation : 0)
            case .timeOfDay:
                let seconds = (bar.time.nanoseconds / 1_000_000_000 + Int64(KRXSessions.utcOffsetSeconds)) % 86_400
                row.append(Double((seconds + 86_400) % 86_400) / 86_400)
            case .dayOfWeek:
                row.append(Double(CivilDate(bar.time, utcOffsetSeconds: KRXSessions.utcOffsetSeconds).weekday - 1) / 4)
            case .cloudDistance:
                guard let cloud, close > 0 else {
                    row.append(nil)
                    continue
                }
                row.append(close > cloud.top ? close / cloud.top - 1 : close < cloud.bottom ? close / cloud.bottom - 1 : 0)
            case .indicator(_, let column, let relative):
                let value = runners[index]!.update(indicatorBar)[column]
                row.append(value.map { relative ? (close > 0 ? $0 / close - 1 : 0) : $0 })
            case .tone(let field):
                guard let tone else {
                    row.append(nil)
                    continue
                }
                let known = snapshot ?? tone.book.snapshot(tone.symbol, at: bar.time)
                snapshot = known
                switch field {
                case .score: row.append(known.score)
                case .news: row.append(known.news)
                case .disclosures: row.append(known.disclosures)
                case .count: row.append(Double(known.count24h))
                }
            }
        }
        return row
    }

    /// Rows for all of `bars` (of `symbol`, whose tone `sentiment` features read from `sentiment`).
    public static func rows(_ features: [FeatureSpec], over bars: [Bar], sentiment: SentimentBook? = nil, symbol: Symbol? = nil) -> [[Double?]] {
        var builder = FeatureBuilder(features, sentiment: sentiment, symbol: symbol)
        return bars.map { builder.update($0) }
    }
}
