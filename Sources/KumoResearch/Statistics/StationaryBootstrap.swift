public import KumoCore

/// Politis and Romano's stationary bootstrap (J. American Statistical Association 89, 1994):
/// resampled index sequences made of blocks with geometric lengths of mean `meanBlock`, wrapping
/// around the end, so serial dependence within blocks survives the resampling.
public struct StationaryBootstrap: Sendable {
    public var length: Int
    public var meanBlock: Double

    public init(length: Int, meanBlock: Double) {
        precondition(length > 0 && meanBlock >= 1, "a bootstrap needs data and a mean block of at least 1")
        self.length = length
        self.meanBlock = meanBlock
    }

    /// One resample's indices. A mean block of 1 is the plain (i.i.d.) bootstrap.
    public func indices(using generator: inout SplitMix64) -> [Int] {
        var result = [Int](repeating: 0, count: length)
        var position = Int.random(in: 0..<length, using: &generator)
        let restart = 1 / meanBlock
        for index in 0..<length {
            if index > 0 {
                if Double.random(in: 0..<1, using: &generator) < restart {
                    position = Int.random(in: 0..<length, using: &generator)
                } else {
                    position = (position + 1) % length
                }
            }
            result[index] = position
        }
        return result
    }
}
