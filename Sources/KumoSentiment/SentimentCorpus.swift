public import Foundation

/// Kumo's labelled set of Korean financial headlines (its provenance heads the file), split once
/// and for all: a quarter held out by a hash of the text, never trained on.
public struct SentimentCorpus: Sendable {
    public struct Example: Sendable, Hashable {
        public var text: String
        public var label: SentimentLabel
        /// The line in the file, for errors and reports.
        public var line: Int

        public init(text: String, label: SentimentLabel, line: Int) {
            self.text = text
            self.label = label
            self.line = line
        }
    }

    public var examples: [Example]

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The shipped set.
    public static func shipped() -> SentimentCorpus {
        // The shipped file is checked by the tests; it cannot fail to parse.
        try! parse(String(decoding: PackageResources.headlines_tsv, as: UTF8.self), file: "headlines.tsv")
    }

    /// Reads `label<TAB>text` lines; `#` lines are comments. Errors name the file and line.
    public static func parse(_ text: String, file: String) throws(Failure) -> SentimentCorpus {
        var examples: [Example] = []
        var seen: [String: Int] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            guard parts.count == 2, let label = SentimentLabel(name: parts[0]) else {
                throw Failure(description: "\(file):\(index + 1): expected 'pos|neu|neg<TAB>headline', found '\(line.prefix(40))'")
            }
            let text = parts[1].trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { throw Failure(description: "\(file):\(index + 1): the headline is empty") }
            if let first = seen[text] { throw Failure(description: "\(file):\(index + 1): the same headline as line \(first)") }
            seen[text] = index + 1
            examples.append(Example(text: text, label: label, line: index + 1))
        }
        return SentimentCorpus(examples: examples)
    }

    /// Whether `text` is in the held-out quarter: FNV-1a of its UTF-8 bytes, modulo 4, is 0.
    public static func isHeldOut(_ text: String) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash % 4 == 0
    }

    public var training: [Example] { examples.filter { !Self.isHeldOut($0.text) } }
    public var heldOut: [Example] { examples.filter { Self.isHeldOut($0.text) } }
}
