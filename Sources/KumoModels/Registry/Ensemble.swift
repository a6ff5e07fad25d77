/// An ensemble is a model too: members (`name@version`) whose outputs combine by their mean, a
/// weighted mean, or a stacked linear model (weights and intercept fitted by least squares on
/// the members' hold-out predictions).
public struct EnsembleSpec: Sendable, Hashable, Codable {
    public enum Method: String, Sendable, Hashable, Codable { case mean, weighted, stacked }

    public var members: [String]
    public var method: Method
    public var weights: [Double]
    public var intercept: Double

    public init(members: [String], method: Method, weights: [Double] = [], intercept: Double = 0) {
        self.members = members
        self.method = method
        self.weights = method == .mean ? Array(repeating: 1 / Double(members.count), count: members.count) : weights
        self.intercept = intercept
    }

    /// Combines one output row per member (equal widths).
    public func combine(_ outputs: [[Double]]) -> [Double] {
        guard let width = outputs.first?.count else { return [] }
        var result = [Double](repeating: method == .stacked ? intercept : 0, count: width)
        for (member, row) in outputs.enumerated() { for j in 0..<width { result[j] += weights[member] * row[j] } }
        return result
    }

    /// A stacked ensemble fitted on members' predictions (columns) of `labels`: ordinary least
    /// squares with an intercept, by the normal equations.
    public static func stacked(members: [String], predictions: [[Double]], labels: [Double]) -> EnsembleSpec {
        let k = members.count + 1
        var a = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        var b = [Double](repeating: 0, count: k)
        for (row, label) in zip(predictions, labels) {
            let x = [1] + row
            for i in 0..<k {
                b[i] += x[i] * label
                for j in 0..<k { a[i][j] += x[i] * x[j] }
            }
        }
        for i in 0..<k { a[i][i] += 1e-9 }  // keeps a singular system solvable
        // Gaussian elimination with partial pivoting.
        for column in 0..<k {
            let pivot = (column..<k).max { abs(a[$0][column]) < abs(a[$1][column]) }!
            a.swapAt(column, pivot)
            b.swapAt(column, pivot)
            for row in (column + 1)..<k {
                let factor = a[row][column] / a[column][column]
                for j in column..<k { a[row][j] -= factor * a[column][j] }
                b[row] -= factor * b[column]
            }
        }
        var solution = [Double](repeating: 0, count: k)
        for row in stride(from: k - 1, through: 0, by: -1) {
            var sum = b[row]
            for j in (row + 1)..<k { sum -= a[row][j] * solution[j] }
            solution[row] = sum / a[row][row]
        }
        return EnsembleSpec(members: members, method: .stacked, weights: Array(solution.dropFirst()), intercept: solution[0])
    }
}
