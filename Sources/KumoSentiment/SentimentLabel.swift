/// The tone of a text for the company it names: whether an investor would expect it to move the
/// share price down, not clearly, or up.
public enum SentimentLabel: Int, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case negative = 0
    case neutral = 1
    case positive = 2

    /// −1, 0 or +1.
    public var score: Double { Double(rawValue - 1) }

    /// Reads `neg`, `neu`, `pos` (or the full names).
    public init?(name: some StringProtocol) {
        switch name.lowercased() {
        case "neg", "negative": self = .negative
        case "neu", "neutral": self = .neutral
        case "pos", "positive": self = .positive
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .negative: "negative"
        case .neutral: "neutral"
        case .positive: "positive"
        }
    }
}
