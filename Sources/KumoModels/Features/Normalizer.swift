public import Foundation

/// Scales each feature by statistics fitted on the training window only: min-max to [0, 1],
/// z-score, or robust (median and inter-quartile range). Saved beside the weights as JSON so
/// inference scales exactly as training did.
public struct Normalizer: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable, CaseIterable { case minmax, zscore, robust }

    public var kind: Kind
    /// Per feature: the value subtracted and the value divided by.
    public var center: [Double]
    public var scale: [Double]

    /// Fits on `rows` (samples × features); constant features get scale 1.
    public init(kind: Kind, fitting rows: [[Double]]) {
        precondition(!rows.isEmpty, "A normaliser needs at least one row to fit")
        self.kind = kind
        let width = rows[0].count
        center = []
        scale = []
        for j in 0..<width {
            let column = rows.map { $0[j] }
            var c: Double, s: Double
            switch kind {
            case .minmax:
                c = column.min()!
                s = column.max()! - c
            case .zscore:
                c = column.reduce(0, +) / Double(column.count)
                s = column.count > 1 ? (column.map { ($0 - c) * ($0 - c) }.reduce(0, +) / Double(column.count - 1)).squareRoot() : 0
            case .robust:
                let sorted = column.sorted()
                c = Self.quantile(sorted, 0.5)
                s = Self.quantile(sorted, 0.75) - Self.quantile(sorted, 0.25)
            }
            if !(s > 0) { s = 1 }
            center.append(c)
            scale.append(s)
        }
    }

    /// Linear interpolation between the closest ranks, as numpy's default.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = Int(position.rounded(.up))
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }

    public func apply(_ row: [Double]) -> [Double] { zip(row.indices, row).map { ($1 - center[$0]) / scale[$0] } }

    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: url, options: .atomic)
    }

    public static func read(_ url: URL) throws -> Normalizer { try JSONDecoder().decode(Normalizer.self, from: Data(contentsOf: url)) }
}
