/// Agglomerative clustering of assets by a distance matrix, with the merge order and labels of
/// SciPy's `linkage` (cluster i of n leaves is named n + i; each merge lists the smaller name
/// first), so the leaf order of its tree matches `to_tree(...).pre_order()`.
public struct HierarchicalClustering: Sendable {
    /// How the distance between two clusters follows from their members' distances.
    public enum Linkage: String, Sendable, CaseIterable {
        case single, complete, average, ward
    }

    /// One merge: the two clusters joined, their distance and the new cluster's size.
    public struct Merge: Sendable, Equatable {
        public var left: Int
        public var right: Int
        public var distance: Double
        public var size: Int
    }

    public let merges: [Merge]
    public let leafCount: Int

    /// Clusters `leafCount` points given their symmetric `distances`.
    public init(distances: Matrix, linkage: Linkage = .single) {
        let n = distances.rows
        leafCount = n
        var distance = distances
        var alive = Array(0..<n) // slot → cluster name
        var sizes = Array(repeating: 1, count: n)
        var active = Array(repeating: true, count: n)
        var merges: [Merge] = []
        for step in 0..<max(n - 1, 0) {
            var best = Double.infinity
            var pair = (0, 0)
            for i in 0..<n where active[i] {
                for j in (i + 1)..<n where active[j] && distance[i, j] < best {
                    best = distance[i, j]
                    pair = (i, j)
                }
            }
            let (a, b) = pair
            let merged = Merge(left: min(alive[a], alive[b]), right: max(alive[a], alive[b]), distance: best, size: sizes[a] + sizes[b])
            merges.append(merged)
            for k in 0..<n where active[k] && k != a && k != b {
                let updated = Self.lanceWilliams(
                    linkage, dak: distance[a, k], dbk: distance[b, k], dab: best, na: sizes[a], nb: sizes[b], nk: sizes[k])
                distance[a, k] = updated
                distance[k, a] = updated
            }
            active[b] = false
            sizes[a] += sizes[b]
            alive[a] = n + step
        }
        self.merges = merges
    }

    static func lanceWilliams(_ linkage: Linkage, dak: Double, dbk: Double, dab: Double, na: Int, nb: Int, nk: Int) -> Double {
        switch linkage {
        case .single: return min(dak, dbk)
        case .complete: return max(dak, dbk)
        case .average: return (Double(na) * dak + Double(nb) * dbk) / Double(na + nb)
        case .ward:
            let total = Double(na + nb + nk)
            let squared = (Double(na + nk) * dak * dak + Double(nb + nk) * dbk * dbk - Double(nk) * dab * dab) / total
            return max(squared, 0).squareRoot()
        }
    }

    /// López de Prado's distance between assets, `√((1 − ρ) / 2)` clipped to 0…1 (0 on the diagonal).
    public static func correlationDistances(_ correlation: Matrix) -> Matrix {
        let n = correlation.rows
        var distances = Matrix(rows: n, columns: n)
        for i in 0..<n {
            for j in 0..<n where i != j { distances[i, j] = min(max((1 - correlation[i, j]) / 2, 0), 1).squareRoot() }
        }
        return distances
    }

    /// The leaves in the order a pre-order walk of the tree meets them, left before right.
    public var leafOrder: [Int] {
        guard leafCount > 1 else { return Array(0..<leafCount) }
        var order: [Int] = []
        var stack = [leafCount + merges.count - 1]
        while let node = stack.popLast() {
            if node < leafCount {
                order.append(node)
            } else {
                let merge = merges[node - leafCount]
                stack.append(merge.right)
                stack.append(merge.left)
            }
        }
        return order
    }
}
