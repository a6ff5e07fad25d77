/// A dense row-major matrix of `Double`: the covariance matrices and small linear systems of
/// portfolio construction (tens to a few hundred assets), where double precision matters more
/// than BLAS speed.
public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    /// The entries, row after row.
    public var values: [Double]

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "a matrix has no negative dimension")
        self.rows = rows
        self.columns = columns
        values = Array(repeating: value, count: rows * columns)
    }

    /// A matrix from its rows; every row must have the same length.
    public init(_ rowArrays: [[Double]]) {
        let width = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == width }, "every row of a matrix has the same length")
        rows = rowArrays.count
        columns = width
        values = rowArrays.flatMap { $0 }
    }

    public static func identity(_ size: Int) -> Matrix {
        var matrix = Matrix(rows: size, columns: size)
        for index in 0..<size { matrix[index, index] = 1 }
        return matrix
    }

    /// A diagonal matrix with `diagonal` on its diagonal.
    public static func diagonal(_ diagonal: [Double]) -> Matrix {
        var matrix = Matrix(rows: diagonal.count, columns: diagonal.count)
        for (index, value) in diagonal.enumerated() { matrix[index, index] = value }
        return matrix
    }

    public subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    public func row(_ index: Int) -> [Double] { Array(values[(index * columns)..<((index + 1) * columns)]) }

    public var rowArrays: [[Double]] { (0..<rows).map(row) }

    public var diagonal: [Double] { (0..<min(rows, columns)).map { self[$0, $0] } }

    public var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for row in 0..<rows {
            for column in 0..<columns { result[column, row] = self[row, column] }
        }
        return result
    }

    /// The rows and columns at `indices`, in that order (a sub-covariance of some assets).
    public func submatrix(_ indices: [Int]) -> Matrix {
        var result = Matrix(rows: indices.count, columns: indices.count)
        for (i, row) in indices.enumerated() {
            for (j, column) in indices.enumerated() { result[i, j] = self[row, column] }
        }
        return result
    }

    public static func * (lhs: Matrix, rhs: [Double]) -> [Double] {
        precondition(lhs.columns == rhs.count, "matrix times vector needs as many entries as columns")
        return (0..<lhs.rows).map { row in
            var sum = 0.0
            let base = row * lhs.columns
            for column in 0..<lhs.columns { sum += lhs.values[base + column] * rhs[column] }
            return sum
        }
    }

    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.columns == rhs.rows, "matrix product needs matching inner dimensions")
        var result = Matrix(rows: lhs.rows, columns: rhs.columns)
        for row in 0..<lhs.rows {
            for inner in 0..<lhs.columns {
                let left = lhs[row, inner]
                if left == 0 { continue }
                for column in 0..<rhs.columns { result[row, column] += left * rhs[inner, column] }
            }
        }
        return result
    }

    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "matrix sum needs equal shapes")
        var result = lhs
        for index in result.values.indices { result.values[index] += rhs.values[index] }
        return result
    }

    public static func * (scale: Double, matrix: Matrix) -> Matrix {
        var result = matrix
        for index in result.values.indices { result.values[index] *= scale }
        return result
    }

    /// `xᵀ A x`, the variance of weights `x` under covariance `A`.
    public func quadraticForm(_ x: [Double]) -> Double { dot(x, self * x) }
}

/// The dot product of two vectors of equal length.
public func dot(_ lhs: [Double], _ rhs: [Double]) -> Double {
    precondition(lhs.count == rhs.count, "a dot product needs vectors of one length")
    var sum = 0.0
    for index in lhs.indices { sum += lhs[index] * rhs[index] }
    return sum
}
