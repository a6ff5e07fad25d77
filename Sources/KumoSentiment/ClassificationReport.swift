/// How a scorer's labels compare with the true ones: accuracy, each class's precision, recall
/// and F1, their unweighted mean (macro-F1, fair to every class whatever its size) and the
/// confusion matrix (rows true, columns predicted; negative, neutral, positive).
public struct ClassificationReport: Sendable, Hashable, CustomStringConvertible {
    public let confusion: [[Int]]

    public init(truth: [SentimentLabel], predicted: [SentimentLabel]) {
        precondition(truth.count == predicted.count, "one prediction per example")
        var matrix = Array(repeating: Array(repeating: 0, count: 3), count: 3)
        for (t, p) in zip(truth, predicted) { matrix[t.rawValue][p.rawValue] += 1 }
        confusion = matrix
    }

    public var count: Int { confusion.joined().reduce(0, +) }
    public var accuracy: Double { count == 0 ? 0 : Double((0..<3).map { confusion[$0][$0] }.reduce(0, +)) / Double(count) }

    public func precision(_ label: SentimentLabel) -> Double {
        let predicted = (0..<3).map { confusion[$0][label.rawValue] }.reduce(0, +)
        return predicted == 0 ? 0 : Double(confusion[label.rawValue][label.rawValue]) / Double(predicted)
    }

    public func recall(_ label: SentimentLabel) -> Double {
        let actual = confusion[label.rawValue].reduce(0, +)
        return actual == 0 ? 0 : Double(confusion[label.rawValue][label.rawValue]) / Double(actual)
    }

    public func f1(_ label: SentimentLabel) -> Double {
        let (p, r) = (precision(label), recall(label))
        return p + r == 0 ? 0 : 2 * p * r / (p + r)
    }

    public var macroF1: Double { SentimentLabel.allCases.map(f1).reduce(0, +) / 3 }

    public var description: String {
        func percent(_ x: Double) -> String { String(Int((x * 1000).rounded())).paddedTenths + "%" }
        var lines = ["accuracy \(percent(accuracy)), macro-F1 \(percent(macroF1)) over \(count)"]
        for label in SentimentLabel.allCases {
            lines.append("  \(label): precision \(percent(precision(label))), recall \(percent(recall(label))), F1 \(percent(f1(label)))")
        }
        lines.append("  confusion (rows true neg/neu/pos, columns predicted): \(confusion)")
        return lines.joined(separator: "\n")
    }
}

extension String {
    /// "873" (tenths) as "87.3".
    fileprivate var paddedTenths: String {
        let digits = count < 2 ? String(repeating: "0", count: 2 - count) + self : self
        return digits.dropLast() + "." + digits.suffix(1)
    }
}
