public import KumoCore
public import KumoIndicators

/// One input feature of a model, computed causally from a symbol's bars (row t sees bars ≤ t).
///
/// Names: `return:k` (log return over k bars), `range` ((high − low) / close), `volume_z:n`
/// (volume's z-score over n bars), `time_of_day` (fraction of the KST day), `day_of_week`
/// (Monday 0 … Friday 4, over 4), `cloud_distance` (close over the Ichimoku cloud's near edge,
/// minus one; 0 inside), or any indicator spec of the catalog (`rsi:14`, `sma:20`, `macd:12,26,9`
/// with `@column` to pick a column): price-level indicators as value / close − 1, others raw;
/// `sentiment` (the symbol's recency-weighted tone of news and filings known at the bar, −1…1),
/// `sentiment:news`, `sentiment:disclosures`, `sentiment:count` (items in the 24 hours before):
/// these need the run's sentiment book and are missing (the row not used) without one.
public struct FeatureSpec: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case logReturn(bars: Int)
        case range
        case volumeZScore(window: Int)
        case timeOfDay
        case dayOfWeek
        case cloudDistance
        case indicator(IndicatorSpec, column: Int, relativeToClose: Bool)
        case tone(ToneField)
    }

    /// Which part of a ``SentimentSnapshot`` a `sentiment` feature reads.
    public enum ToneField: String, Sendable, Hashable {
        case score, news, disclosures, count
    }

    public let kind: Kind
    public let description: String

    /// Price-level indicators, read relative to the close so they carry across price levels.
    static let priceLevel: Set<String> = ["sma", "ema", "wma", "dema", "tema", "highest", "lowest", "vwap", "sar", "atr", "bbands", "stddev"]

    public struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    public init(parsing text: String) throws(ParseError) {
        description = text
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        func count(_ what: String) throws(ParseError) -> Int {
            guard parts.count == 2, let value = Int(parts[1]), value > 0 else { throw ParseError(description: "'\(text)': \(parts[0]) needs a positive \(what), as \(parts[0]):5") }
            return value
        }
        switch parts[0] {
        case "return": kind = .logReturn(bars: try count("bar count"))
        case "range": kind = .range
        case "volume_z":
            let window = try count("window")
            guard window >= 2 else { throw ParseError(description: "'\(text)': volume_z needs a window of at least 2") }
            kind = .volumeZScore(window: window)
        case "time_of_day": kind = .timeOfDay
        case "day_of_week": kind = .dayOfWeek
        case "cloud_distance": kind = .cloudDistance
        case "sentiment":
            guard let field = ToneField(rawValue: parts.count == 2 ? parts[1] : "score") else {
                throw ParseError(description: "'\(text)': sentiment reads score, news, disclosures or count (sentiment:news)")
            }
            kind = .tone(field)
        default:
            let pieces = text.split(separator: "@", maxSplits: 1).map(String.init)
            let spec: IndicatorSpec
            do { spec = try IndicatorSpec(parsing: pieces[0]) } catch {
                throw ParseError(description: "'\(text)' is not a feature (return:k, range, volume_z:n, time_of_day, day_of_week, cloud_distance, sentiment[:news|disclosures|count]) or an indicator: \(error.description)")
            }
            var column = 0
            if pieces.count == 2 {
                guard let index = spec.columns.firstIndex(of: pieces[1]) else {
                    throw ParseError(description: "'\(text)': \(spec.name) has no column '\(pieces[1])' (it has: \(spec.columns.joined(separator: ", ")))")
                }
                column = index
            }
            kind = .indicator(spec, column: column, relativeToClose: Self.priceLevel.contains(spec.name))
        }
    }
}
