import Foundation

/// Scalar functions and their derivatives, shared by the layers' forward and backward passes.
enum Scalar {
    /// GELU with the exact error function, as PyTorch's default `approximate='none'`.
    @inline(__always) static func gelu(_ x: Float) -> Float { 0.5 * x * (1 + erff(x * 0.70710678118654752)) }

    /// d/dx GELU = Φ(x) + x φ(x).
    @inline(__always) static func geluDerivative(_ x: Float) -> Float {
        let cdf = 0.5 * (1 + erff(x * 0.70710678118654752))
        let pdf = expf(-0.5 * x * x) * 0.39894228040143268
        return cdf + x * pdf
    }
}
