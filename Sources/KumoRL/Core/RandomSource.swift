import Foundation
import KumoCore

/// The seeded randomness of training: uniforms, normals (Box–Muller) and indices, all from one
/// SplitMix64, so a run replays exactly from its seed.
public struct RandomSource: Sendable {
    var generator: SplitMix64
    private var spare: Double?

    public init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    /// U[0, 1) with 53 random bits.
    public mutating func uniform() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }

    /// N(0, 1).
    public mutating func normal() -> Double {
        if let spare {
            self.spare = nil
            return spare
        }
        let u1 = max(uniform(), .leastNonzeroMagnitude), u2 = uniform()
        let radius = (-2 * Foundation.log(u1)).squareRoot()
        spare = radius * sin(2 * .pi * u2)
        return radius * cos(2 * .pi * u2)
    }

    /// An index in 0..<bound, without modulo bias.
    public mutating func index(below bound: Int) -> Int {
        precondition(bound > 0, "no index below \(bound)")
        return Int(generator.next(upperBound: UInt64(bound)))
    }

    /// A fresh seed for a sub-generator (a worker, an environment).
    public mutating func seed() -> UInt64 { generator.next() }

    /// `values` in a random order (Fisher–Yates).
    public mutating func shuffle(_ values: inout [Int]) {
        guard values.count > 1 else { return }
        for i in stride(from: values.count - 1, to: 0, by: -1) { values.swapAt(i, index(below: i + 1)) }
    }
}
