public import Foundation

/// A word-list scorer: polar terms, and directions and reversals applied to the polar term before
/// them in the same clause (`손실 증가` negative, `적자 축소` positive, `우려 해소` positive), with
/// the longest term matched first. The shipped list renders the Loughran–McDonald categories in
/// Korean (its source is documented at the head of the file); it is the baseline the trained
/// model is judged against.
public struct Lexicon: Sendable {
    public enum TermClass: String, Sendable, Hashable {
        case positive = "pos", negative = "neg", up, down, flip
    }

    public struct Entry: Sendable, Hashable {
        public var term: [Character]
        public var kind: TermClass
    }

    /// Entries by first character, longest first.
    private let byFirst: [Character: [Entry]]
    public let count: Int

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The shipped lexicon.
    public static func shipped() -> Lexicon {
        // The shipped file is checked by the tests; it cannot fail to parse.
        try! parse(String(decoding: PackageResources.lexicon_tsv, as: UTF8.self), file: "lexicon.tsv")
    }

    /// Reads `term<TAB>class<TAB>source` lines (`#` lines are comments); errors name the line.
    public static func parse(_ text: String, file: String) throws(Failure) -> Lexicon {
        var entries: [Entry] = []
        var seen: Set<String> = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(raw)
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 2, !parts[0].isEmpty, let kind = TermClass(rawValue: parts[1]) else {
                throw Failure(description: "\(file):\(index + 1): expected 'term<TAB>pos|neg|up|down|flip<TAB>source', found '\(line.prefix(40))'")
            }
            guard seen.insert(parts[0]).inserted else { throw Failure(description: "\(file):\(index + 1): '\(parts[0])' is listed twice") }
            entries.append(Entry(term: Array(parts[0]), kind: kind))
        }
        return Lexicon(entries)
    }

    public init(_ entries: [Entry]) {
        var byFirst: [Character: [Entry]] = [:]
        for entry in entries { byFirst[entry.term[0], default: []].append(entry) }
        self.byFirst = byFirst.mapValues { $0.sorted { $0.term.count > $1.term.count } }
        count = entries.count
    }

    /// The terms found in `text`, in order, longest match first, each with its clause (split at , … · ; and line ends).
    public func matches(in text: String) -> [(kind: TermClass, clause: Int)] {
        let characters = Array(text)
        var out: [(TermClass, Int)] = []
        var clause = 0
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if ",…·;\n".contains(c) || (c == "." && i + 1 < characters.count && characters[i + 1] == ".") { clause += 1 }
            if let candidates = byFirst[c], let entry = candidates.first(where: { entry in
                i + entry.term.count <= characters.count && characters[i..<(i + entry.term.count)].elementsEqual(entry.term)
            }) {
                out.append((entry.kind, clause))
                i += entry.term.count
            } else {
                i += 1
            }
        }
        return out
    }

    /// The text's tone in −1…1 (the sum of its terms' contributions over how many there were) and
    /// the label its sign gives (neutral when nothing matched or the terms cancel).
    public func score(_ text: String) -> (score: Double, label: SentimentLabel) {
        var total = 0.0
        var terms = 0
        var pending: (polarity: Double, clause: Int)?
        func settle() {
            if let p = pending { total += p.polarity }
            pending = nil
        }
        for (kind, clause) in matches(in: text) {
            terms += 1
            if let p = pending, p.clause != clause { settle() }
            switch kind {
            case .positive, .negative:
                settle()
                pending = (kind == .positive ? 1 : -1, clause)
            case .up, .down:
                let direction: Double = kind == .up ? 1 : -1
                if let p = pending { total += p.polarity * direction } else { total += direction }
                pending = nil
            case .flip:
                if let p = pending { total -= p.polarity } else { total += 1 }
                pending = nil
            }
        }
        settle()
        let score = terms == 0 ? 0 : max(-1, min(1, total / Double(terms)))
        return (score, total > 0 ? .positive : total < 0 ? .negative : .neutral)
    }
}
