/// A dense Float32 tensor: a shape and its values in row-major (C) order, as PyTorch and
/// safetensors lay them out. Value semantics; kernels work on its storage in place.
public struct Tensor: Sendable, Equatable {
    public private(set) var shape: [Int]
    public var data: [Float]

    public init(shape: [Int], data: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "A tensor's dimensions are not negative: \(shape)")
        precondition(shape.reduce(1, *) == data.count, "Shape \(shape) holds \(shape.reduce(1, *)) values, not \(data.count)")
        self.shape = shape
        self.data = data
    }

    public init(zeros shape: [Int]) {
        self.init(shape: shape, data: [Float](repeating: 0, count: shape.reduce(1, *)))
    }

    public var count: Int { data.count }
    public var rank: Int { shape.count }

    /// Rows of the last axis: the product of the other dimensions.
    var rows: Int { shape.dropLast().reduce(1, *) }
    /// The size of the last axis.
    var columns: Int { shape.last ?? 1 }

    /// Whether every value is finite.
    public var isFinite: Bool { data.allSatisfy(\.isFinite) }

    /// The largest absolute difference from `other` (same shape).
    public func maxAbsDifference(_ other: Tensor) -> Float {
        precondition(shape == other.shape, "Comparing \(shape) with \(other.shape)")
        var worst: Float = 0
        for (a, b) in zip(data, other.data) { worst = max(worst, abs(a - b)) }
        return worst
    }
}
